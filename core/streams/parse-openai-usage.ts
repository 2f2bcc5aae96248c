import { isJsonObject } from './is-json-object.js';
import type { OpenAiUsage } from './openai-parts.js';

/** An OpenAI `usage` object from an untrusted value; undefined when the counts are not there. */
export function parseOpenAiUsage(value: unknown): OpenAiUsage | undefined {
  if (!isJsonObject(value)) return undefined;
  const prompt = value['prompt_tokens'];
  const completion = value['completion_tokens'];
  if (!isCount(prompt) || !isCount(completion)) return undefined;
  const total = value['total_tokens'];
  const cached = countIn(value['prompt_tokens_details'], 'cached_tokens');
  const reasoning = countIn(value['completion_tokens_details'], 'reasoning_tokens');
  return {
    promptTokens: prompt,
    completionTokens: completion,
    ...(isCount(total) ? { totalTokens: total } : {}),
    ...(cached === undefined ? {} : { cachedTokens: cached }),
    ...(reasoning === undefined ? {} : { reasoningTokens: reasoning }),
  };
}

function countIn(details: unknown, key: string): number | undefined {
  if (!isJsonObject(details)) return undefined;
  const value = details[key];
  return isCount(value) ? value : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
