import type { BuiltinEncodingName } from './builtin-encodings.js';

/**
 * Model names and hub ids whose tokenizer is one of the built-in encodings. Order matters: the
 * first match wins, so `gpt-4o` is tested before `gpt-4`. An optional `openai/` (or, for GPT-2,
 * `openai-community/`) owner is accepted because that is how those models appear on the hub.
 */
const ALIASES: ReadonlyArray<readonly [RegExp, BuiltinEncodingName]> = [
  [/^(?:openai\/)?gpt-oss(?:[-_.:].*)?$/i, 'o200k_harmony'],
  [/^(?:openai\/)?(?:gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|gpt-realtime|gpt-audio|omni-moderation|codex-mini)(?:[-_.:].*)?$/i, 'o200k_base'],
  [/^(?:openai\/)?(?:gpt-4|gpt-3\.5|gpt-35|text-embedding-3|text-embedding-ada-002)(?:[-_.:].*)?$/i, 'cl100k_base'],
  [/^(?:openai\/)?(?:text-davinci-00[23]|code-davinci|code-cushman)(?:[-_.:].*)?$/i, 'p50k_base'],
  [/^(?:openai-community\/)?(?:gpt2|distilgpt2)(?:-(?:medium|large|xl))?$/i, 'r50k_base'],
];

/** The built-in encoding a model name or hub id stands for, if any. */
export function matchBuiltinAlias(modelOrHubId: string): BuiltinEncodingName | undefined {
  for (const [pattern, encoding] of ALIASES) if (pattern.test(modelOrHubId)) return encoding;
  return undefined;
}
