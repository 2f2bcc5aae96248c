import type { BuiltinEncodingName } from './builtin-encodings.js';

export const TOKENIZERS_CONFIG_SCHEMA_ID = 'https://switchyard.dev/schemas/config/tokenizers.schema.json';

/** One tokenizer to register, as POST /v1/tokenizers takes it (SMG's fields). */
export interface TokenizerSpec {
  readonly name: string;
  /** A path to tokenizer.json (or its directory), a built-in encoding name, or a hub id. */
  readonly source: string;
  /** A Jinja file that replaces the tokenizer's own chat template. */
  readonly chat_template_path?: string;
}

/** The `tokenizers` config section (schemas/config/tokenizers.schema.json). */
export interface TokenizersConfig {
  /** Directories tokenizer files may be read from (after resolving links). Empty: files are refused. */
  readonly roots: readonly string[];
  /** model → tokenizer name (registered or in `preload`) or a source; a trailing `*` matches a prefix. */
  readonly models: Readonly<Record<string, string>>;
  /** Tokenizers registered at boot. */
  readonly preload: readonly TokenizerSpec[];
  /** Largest tokenizer.json / tokenizer_config.json / template file read. */
  readonly max_file_bytes: number;
  /** What countTokens estimates with when a model has no ready tokenizer. */
  readonly fallback_encoding: BuiltinEncodingName;
}

export const DEFAULT_TOKENIZERS_CONFIG: TokenizersConfig = Object.freeze({
  roots: [],
  models: {},
  preload: [],
  max_file_bytes: 64 * 1024 * 1024,
  fallback_encoding: 'o200k_base',
});

/** Defaults filled in, for callers that build the config in code rather than through the schema. */
export function resolveTokenizersConfig(partial: Partial<TokenizersConfig> = {}): TokenizersConfig {
  return Object.freeze({ ...DEFAULT_TOKENIZERS_CONFIG, ...partial });
}
