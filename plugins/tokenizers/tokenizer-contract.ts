/**
 * What every loaded tokenizer offers the gateway, whatever it was loaded from (a HuggingFace
 * tokenizer.json or one of gpt-tokenizer's built-in encodings).
 */
export interface EncodeOptions {
  /** BOS/EOS, [CLS]/[SEP]…, as the tokenizer's post-processor says. */
  readonly addSpecialTokens: boolean;
}

export interface DecodeOptions {
  readonly skipSpecialTokens: boolean;
}

/** Where a chat prompt's text came from: the tokenizer's own template or a documented fallback. */
export type ChatFormat = 'chat_template' | 'chatml_fallback' | 'harmony_fallback';

export interface ChatTemplates {
  /** The template used when no tools are given (HF's `default`, or the only one). */
  readonly default: string | undefined;
  /** Named templates from a list-form `chat_template` (e.g. `tool_use`). */
  readonly named: ReadonlyMap<string, string>;
}

export interface TokenizerSpecialTokens {
  readonly bos: string | undefined;
  readonly eos: string | undefined;
  readonly pad: string | undefined;
  readonly unk: string | undefined;
}

export interface LoadedTokenizer {
  /** `huggingface` for a tokenizer.json, `builtin` for gpt-tokenizer's encodings. */
  readonly kind: 'huggingface' | 'builtin';
  /** Tokens including added/special ones (what SMG reports as `vocab_size`). */
  readonly vocabSize: number;
  readonly specialTokens: TokenizerSpecialTokens;
  /** Jinja chat templates from tokenizer_config.json (or a chat_template file); none for built-ins. */
  readonly chatTemplates: ChatTemplates;
  /** The format used when there is no template (built-ins only; a tokenizer.json without one refuses chat). */
  readonly fallbackChatFormat: Exclude<ChatFormat, 'chat_template'> | undefined;
  /** Special tokens written in the text are encoded as special tokens (HF's and vLLM's behaviour). */
  encode(text: string, options: EncodeOptions): number[];
  /** Throws TokenIdNotInVocabulary for an id the tokenizer does not have. */
  decode(ids: readonly number[], options: DecodeOptions): string;
}
