import { countOf } from '../../core/util/narrow-json.js';

/** Anthropic's prompt token counts (untrusted, counted 0 when absent). */
export interface AnthropicPromptTokens {
  input: number;
  cacheRead: number;
  cacheWrite: number;
}

/** Reads the prompt counts an Anthropic `usage` object carries, over what was already known. */
export function readAnthropicPromptTokens(usage: Record<string, unknown>, into: AnthropicPromptTokens): void {
  if (usage['input_tokens'] !== undefined) into.input = countOf(usage['input_tokens']);
  if (usage['cache_read_input_tokens'] !== undefined) into.cacheRead = countOf(usage['cache_read_input_tokens']);
  if (usage['cache_creation_input_tokens'] !== undefined) into.cacheWrite = countOf(usage['cache_creation_input_tokens']);
}

/**
 * Anthropic's usage in OpenAI's shape. Anthropic's `input_tokens` leaves out cache reads and cache
 * writes; OpenAI's `prompt_tokens` includes cached tokens and names them in
 * `prompt_tokens_details.cached_tokens`. So the prompt is the sum, and cost accounting prices the
 * cache reads once, at the cached price. OpenAI has no field for cache writes (billed above the
 * prompt price): they go in `cache_creation_input_tokens`, as LiteLLM reports them, also a part of
 * the prompt.
 */
export function chatUsageFromAnthropic(prompt: AnthropicPromptTokens, completion: number): Record<string, unknown> {
  const promptTokens = prompt.input + prompt.cacheRead + prompt.cacheWrite;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completion,
    total_tokens: promptTokens + completion,
    ...(prompt.cacheRead > 0 ? { prompt_tokens_details: { cached_tokens: prompt.cacheRead } } : {}),
    ...(prompt.cacheWrite > 0 ? { cache_creation_input_tokens: prompt.cacheWrite } : {}),
  };
}
