import { checkTokenizerComponents, isJsonObject } from './check-tokenizer-components.js';
import { createHuggingFaceTokenizer, type HuggingFaceTokenizer } from './huggingface-tokenizer-binding.js';
import { parseTokenizerConfig } from './parse-tokenizer-config.js';
import type { TokenizerFiles } from './read-tokenizer-files.js';
import type { LoadedTokenizer } from './tokenizer-contract.js';
import { TokenIdNotInVocabulary, TokenizerFormatError } from './tokenizer-errors.js';

/**
 * A HuggingFace tokenizer.json (+ tokenizer_config.json) run by @huggingface/tokenizers, the pure-JS
 * port of the tokenizers crate that transformers.js uses. Components are checked first so an
 * unsupported one is refused by name instead of approximated.
 */
export function loadHuggingFaceTokenizer(files: TokenizerFiles): LoadedTokenizer {
  const tokenizerJson = checkTokenizerComponents(files.tokenizerJson);
  const facts = parseTokenizerConfig(files.tokenizerConfig, files.chatTemplateFile);

  let tokenizer: HuggingFaceTokenizer;
  try {
    tokenizer = createHuggingFaceTokenizer(tokenizerJson, facts.libraryConfig);
  } catch (err) {
    // e.g. a pre-tokenizer regex JavaScript cannot express.
    throw new TokenizerFormatError(`tokenizer.json could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
  }
  const specialIds = new Set([...tokenizer.get_added_tokens_decoder()].filter(([, token]) => token.special).map(([id]) => id));

  return {
    kind: 'huggingface',
    vocabSize: countVocabulary(tokenizerJson),
    specialTokens: facts.specialTokens,
    chatTemplates: facts.chatTemplates,
    fallbackChatFormat: undefined,
    encode(text, options) {
      if (text === '' && !options.addSpecialTokens) return [];
      return tokenizer.encode(text, { add_special_tokens: options.addSpecialTokens }).ids;
    },
    decode(ids, options) {
      // The library maps an unknown id to the unk token (or "undefined"); an error is more honest.
      for (const id of ids) if (!Number.isSafeInteger(id) || tokenizer.id_to_token(id) === undefined) throw new TokenIdNotInVocabulary(id);
      const kept = options.skipSpecialTokens ? ids.filter((id) => !specialIds.has(id)) : ids;
      // The library refuses an empty list rather than answering "".
      if (kept.length === 0) return '';
      return tokenizer.decode([...kept], { skip_special_tokens: false, clean_up_tokenization_spaces: facts.cleanUpTokenizationSpaces });
    },
  };
}

/**
 * The tokenizers crate's `get_vocab_size(true)`: the model's tokens plus added tokens it lacks.
 * Counted from the JSON because the library's get_vocab() reports holes in a sparse id range.
 */
function countVocabulary(tokenizerJson: Readonly<Record<string, unknown>>): number {
  const model = tokenizerJson['model'];
  const vocab = isJsonObject(model) ? model['vocab'] : undefined;
  const tokens = new Set<string>();
  if (Array.isArray(vocab)) for (const entry of vocab) tokens.add(String(Array.isArray(entry) ? entry[0] : entry));
  else if (isJsonObject(vocab)) for (const token of Object.keys(vocab)) tokens.add(token);
  const added = tokenizerJson['added_tokens'];
  if (Array.isArray(added)) for (const token of added) if (isJsonObject(token) && typeof token['content'] === 'string') tokens.add(token['content']);
  return tokens.size;
}
