import { BUILTIN_ENCODINGS, isBuiltinEncodingName, loadBuiltinEncoding, type BuiltinEncodingName } from './builtin-encodings.js';
import { matchBuiltinAlias } from './hub-aliases.js';
import { loadHuggingFaceTokenizer } from './load-huggingface-tokenizer.js';
import { readChatTemplateFile, readTokenizerFiles } from './read-tokenizer-files.js';
import type { LoadedTokenizer } from './tokenizer-contract.js';
import { TokenizerSourceUnavailable } from './tokenizer-errors.js';
import type { TokenizerSpec, TokenizersConfig } from './tokenizers-config.js';

export type ClassifiedSource =
  | { readonly kind: 'builtin'; readonly encoding: BuiltinEncodingName }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'unavailable'; readonly source: string };

/**
 * What a `source` names. Paths are absolute or start with ./ or ../ (or end in .json), so a hub id
 * like `meta-llama/Llama-3.1-8B-Instruct` is never mistaken for a relative path. A hub id or model
 * name resolves only to a built-in encoding that matches it: nothing is ever downloaded.
 */
export function classifySource(source: string): ClassifiedSource {
  if (isBuiltinEncodingName(source)) return { kind: 'builtin', encoding: source };
  if (source.startsWith('/') || source.startsWith('./') || source.startsWith('../') || source.endsWith('.json')) return { kind: 'file', path: source };
  const alias = matchBuiltinAlias(source);
  if (alias !== undefined) return { kind: 'builtin', encoding: alias };
  return { kind: 'unavailable', source };
}

/** Loads what `spec.source` names; throws one of tokenizer-errors.ts's errors when it cannot. */
export async function loadTokenizerSource(spec: TokenizerSpec, config: TokenizersConfig): Promise<LoadedTokenizer> {
  const source = classifySource(spec.source);
  const fileOptions = { roots: config.roots, maxFileBytes: config.max_file_bytes, chatTemplatePath: spec.chat_template_path };
  switch (source.kind) {
    case 'file':
      return loadHuggingFaceTokenizer(await readTokenizerFiles(source.path, fileOptions));
    case 'builtin': {
      const encoding = await loadBuiltinEncoding(source.encoding);
      if (spec.chat_template_path === undefined) return encoding;
      const template = await readChatTemplateFile(spec.chat_template_path, fileOptions);
      return { ...encoding, chatTemplates: { default: template, named: new Map() } };
    }
    case 'unavailable':
      throw new TokenizerSourceUnavailable(describeUnavailable(source.source, config.roots));
  }
}

/** The status reason for a source that cannot be had offline: it says exactly what to do instead. */
export function describeUnavailable(source: string, roots: readonly string[]): string {
  const rootList = roots.length === 0 ? 'none are configured yet' : `now: ${roots.join(', ')}`;
  return (
    `'${source}' is neither a file path nor a built-in encoding, and this gateway downloads nothing. ` +
    `Copy the model's tokenizer.json (with tokenizer_config.json for its chat template) into a directory under one of ` +
    `the roots in the tokenizers.roots setting (${rootList}) and register source: /path/to/that/dir/tokenizer.json. ` +
    `Built-in encodings: ${BUILTIN_ENCODINGS.join(', ')}.`
  );
}
