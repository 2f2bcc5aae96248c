// The tokenizers module's public surface: what the HTTP routes and the rest of the gateway use.
export { answerGet, answerList, answerRegister, answerRemove, answerStatus, describeTokenizer, type AdminAnswer } from './admin-answers.js';
export { answerDetokenize, answerTokenize, type DetokenizeAnswer, type TokenizeAnswer } from './answer-tokenize.js';
export { BUILTIN_ENCODINGS, isBuiltinEncodingName, loadBuiltinEncoding, type BuiltinEncodingName } from './builtin-encodings.js';
export { matchBuiltinAlias } from './hub-aliases.js';
export { classifySource, describeUnavailable, loadTokenizerSource } from './load-tokenizer-source.js';
export { parseChatMessages, type ChatMessage } from './parse-chat-messages.js';
export { parseDetokenizeBody, parseTokenizeBody, type DetokenizeBody, type TokenizeBody } from './parse-tokenize-bodies.js';
export { renderChat, type RenderChatOptions, type RenderedChat } from './render-chat.js';
export type { ChatFormat, DecodeOptions, EncodeOptions, LoadedTokenizer } from './tokenizer-contract.js';
export { ChatTemplateError, TokenIdNotInVocabulary, TokenizerFileRefused, TokenizerFormatError, TokenizerSourceUnavailable } from './tokenizer-errors.js';
export {
  InvalidTokenizerSpec,
  TokenizerNameTaken,
  TokenizerRegistry,
  createTokenizerRegistry,
  type ReadyTokenizer,
  type TokenCount,
  type TokenizerChange,
  type TokenizerLookup,
  type TokenizerRecord,
  type TokenizerRegistryOptions,
  type TokenizerState,
} from './tokenizer-registry.js';
export { TokenizerRequestError } from './tokenizer-request-error.js';
export { DEFAULT_TOKENIZERS_CONFIG, TOKENIZERS_CONFIG_SCHEMA_ID, resolveTokenizersConfig, type TokenizerSpec, type TokenizersConfig } from './tokenizers-config.js';
