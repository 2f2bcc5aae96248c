import { isJsonObject } from './check-tokenizer-components.js';
import type { ChatTemplates, TokenizerSpecialTokens } from './tokenizer-contract.js';
import { TokenizerFormatError } from './tokenizer-errors.js';

/** What the gateway takes from tokenizer_config.json (and a chat template file), checked. */
export interface TokenizerConfigFacts {
  readonly chatTemplates: ChatTemplates;
  readonly specialTokens: TokenizerSpecialTokens;
  /**
   * transformers' `clean_up_tokenization_spaces` (" ." → "."). Off unless the config turns it on:
   * SMG decodes with the tokenizers crate, which never does it.
   */
  readonly cleanUpTokenizationSpaces: boolean;
  /** The subset @huggingface/tokenizers reads from the config, with only the types it expects. */
  readonly libraryConfig: Readonly<Record<string, unknown>>;
}

/** `config` is the parsed tokenizer_config.json (undefined when there is none). */
export function parseTokenizerConfig(config: unknown, chatTemplateFile: string | undefined): TokenizerConfigFacts {
  if (config !== undefined && !isJsonObject(config)) throw new TokenizerFormatError('tokenizer_config.json must be a JSON object');
  const fields = config ?? {};

  const specialTokens: TokenizerSpecialTokens = {
    bos: tokenContent(fields['bos_token']),
    eos: tokenContent(fields['eos_token']),
    pad: tokenContent(fields['pad_token']),
    unk: tokenContent(fields['unk_token']),
  };
  const additional = Array.isArray(fields['additional_special_tokens'])
    ? fields['additional_special_tokens'].map(tokenContent).filter((token): token is string => token !== undefined)
    : [];
  const cleanUpTokenizationSpaces = fields['clean_up_tokenization_spaces'] === true;

  const libraryConfig: Record<string, unknown> = { clean_up_tokenization_spaces: cleanUpTokenizationSpaces, additional_special_tokens: additional };
  for (const [key, value] of Object.entries(specialTokens)) if (value !== undefined) libraryConfig[`${key}_token`] = value;
  for (const key of ['remove_space', 'do_lowercase_and_remove_accent'] as const) {
    if (typeof fields[key] === 'boolean') libraryConfig[key] = fields[key];
  }

  return { chatTemplates: parseChatTemplates(fields['chat_template'], chatTemplateFile), specialTokens, cleanUpTokenizationSpaces, libraryConfig };
}

/** Tokens appear as plain strings or, in older configs, as serialized AddedToken objects. */
function tokenContent(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (isJsonObject(value) && typeof value['content'] === 'string' && value['content'] !== '') return value['content'];
  return undefined;
}

/**
 * `chat_template` is a string, or a list of `{name, template}` (e.g. `default` and `tool_use`);
 * a template file given at registration (or chat_template.jinja) replaces the default one.
 */
function parseChatTemplates(value: unknown, templateFile: string | undefined): ChatTemplates {
  const named = new Map<string, string>();
  let defaultTemplate: string | undefined;
  if (typeof value === 'string') defaultTemplate = value;
  else if (Array.isArray(value)) {
    for (const entry of value) {
      if (isJsonObject(entry) && typeof entry['name'] === 'string' && typeof entry['template'] === 'string') named.set(entry['name'], entry['template']);
    }
    defaultTemplate = named.get('default');
  } else if (value !== undefined && value !== null) {
    throw new TokenizerFormatError('tokenizer_config.json chat_template must be a string or a list of {name, template}');
  }
  if (templateFile !== undefined) defaultTemplate = templateFile;
  return { default: defaultTemplate, named };
}
