import type { ModelsConfig } from '../config/config-types.js';

/**
 * What a response's tokens cost, from the model's per-million-token prices in `models.<id>.pricing`
 * (in that price's currency); undefined for a model with no price (inherited names never match).
 */
export function priceUsage(models: ModelsConfig, model: string, promptTokens: number, completionTokens: number): number | undefined {
  const pricing = Object.hasOwn(models, model) ? models[model]?.pricing : undefined;
  if (pricing === undefined) return undefined;
  return (promptTokens * pricing.prompt_per_million + completionTokens * pricing.completion_per_million) / 1_000_000;
}
