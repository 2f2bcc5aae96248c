import * as huggingFaceTokenizers from '@huggingface/tokenizers';

/**
 * The part of @huggingface/tokenizers' Tokenizer the gateway calls. The package's own .d.ts files
 * use extensionless relative imports, which NodeNext resolution cannot follow, so TypeScript sees
 * the package as untyped; this binding checks the shape at runtime instead of trusting `any`.
 */
export interface HuggingFaceTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
  decode(ids: number[], options: { skip_special_tokens: boolean; clean_up_tokenization_spaces: boolean }): string;
  id_to_token(id: number): string | undefined;
  get_vocab(withAddedTokens: boolean): Map<string, number>;
  get_added_tokens_decoder(): Map<number, { readonly special: boolean }>;
}

type TokenizerConstructor = new (tokenizerJson: object, config: object) => unknown;

const METHODS = ['encode', 'decode', 'id_to_token', 'get_vocab', 'get_added_tokens_decoder'] as const;

/** Throws whatever the library throws for a tokenizer it cannot build. */
export function createHuggingFaceTokenizer(tokenizerJson: object, config: object): HuggingFaceTokenizer {
  const exported: unknown = huggingFaceTokenizers.Tokenizer;
  if (!isConstructor(exported)) throw new Error('@huggingface/tokenizers exports no Tokenizer class');
  const instance: unknown = new exported(tokenizerJson, config);
  if (!isHuggingFaceTokenizer(instance)) throw new Error('@huggingface/tokenizers built an object without the expected methods');
  return instance;
}

function isConstructor(value: unknown): value is TokenizerConstructor {
  return typeof value === 'function';
}

function isHuggingFaceTokenizer(value: unknown): value is HuggingFaceTokenizer {
  if (typeof value !== 'object' || value === null) return false;
  return METHODS.every((method) => typeof Reflect.get(value, method) === 'function');
}
