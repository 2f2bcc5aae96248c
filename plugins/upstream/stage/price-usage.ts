import type { UsageRecord } from '../../../core/pipeline/exchange.js';
import type { ModelsConfig } from '../config/config-types.js';

/**
 * The usage record with what its tokens cost, from the model's per-million-token prices in
 * `models.<id>.pricing` (in that price's currency); unchanged for a model with no price (inherited
 * names never match). Cached prompt tokens are part of the prompt count (OpenAI's
 * `prompt_tokens_details.cached_tokens`), so they are priced once, at the cached price (the prompt
 * price when none is set), cache writes (`cacheWriteTokens`, Anthropic's) at the cache-write price
 * (the prompt price when none is set), and the rest of the prompt at the prompt price.
 */
export function priceUsage(models: ModelsConfig, usage: UsageRecord): UsageRecord {
  const pricing = Object.hasOwn(models, usage.model) ? models[usage.model]?.pricing : undefined;
  if (pricing === undefined) return usage;
  const cached = Math.min(usage.cachedTokens ?? 0, usage.promptTokens);
  const written = Math.min(usage.cacheWriteTokens ?? 0, usage.promptTokens - cached);
  const cost =
    ((usage.promptTokens - cached - written) * pricing.prompt_per_million +
      cached * (pricing.cached_prompt_per_million ?? pricing.prompt_per_million) +
      written * (pricing.cache_write_per_million ?? pricing.prompt_per_million) +
      usage.completionTokens * pricing.completion_per_million) /
    1_000_000;
  // Not `{ ...usage, cost, currency }`: on Node 20 that literal gets a new hidden class on every
  // priced response, and each later read of it (metrics, budget, request log) misses V8's caches.
  return Object.assign({}, usage, { cost, currency: pricing.currency });
}

/** A cost as a header value: plain decimal, no exponent, trailing zeros dropped. */
export function formatCost(cost: number): string {
  return cost.toFixed(10).replace(/\.?0+$/, '');
}
