import type { UsageRecord } from '../../../core/pipeline/exchange.js';
import { isJsonObject } from '../../../core/streams/is-json-object.js';

/** Reads an OpenAI `usage` object from an untrusted upstream value; anything malformed is ignored. */
export function parseUsage(usage: unknown, model: string): UsageRecord | undefined {
  if (!isJsonObject(usage)) return undefined;
  // OpenAI chat/completions say prompt/completion_tokens; the Responses API input/output_tokens.
  const prompt = usage['prompt_tokens'] ?? usage['input_tokens'];
  const completion = usage['completion_tokens'] ?? usage['output_tokens'] ?? 0;
  if (!isCount(prompt) || !isCount(completion)) return undefined;
  // Cached tokens are a part of the prompt count (…_tokens_details.cached_tokens in both APIs).
  const details = usage['prompt_tokens_details'] ?? usage['input_tokens_details'];
  const cached = isJsonObject(details) ? details['cached_tokens'] : undefined;
  // Cache writes (Anthropic's, in LiteLLM's top-level field) are a part of the prompt count too.
  const written = usage['cache_creation_input_tokens'];
  return {
    model,
    promptTokens: prompt,
    completionTokens: completion,
    ...(isCount(cached) && cached > 0 ? { cachedTokens: cached } : {}),
    ...(isCount(written) && written > 0 ? { cacheWriteTokens: written } : {}),
  };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
