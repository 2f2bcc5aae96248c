import type { ModelInfoConfig } from '../../core/config/gateway-config.js';
import type { UsageRecord } from '../../core/pipeline/exchange.js';

/** What the usage cost, from per-million-token prices in config; unpriced models cost nothing. */
export function computeCost(usage: readonly UsageRecord[], models: Readonly<Record<string, ModelInfoConfig>>): number {
  let cost = 0;
  for (const record of usage) {
    const pricing = Object.hasOwn(models, record.model) ? models[record.model]?.pricing : undefined;
    if (pricing === undefined) continue;
    cost += (record.promptTokens * pricing.prompt_per_million + record.completionTokens * pricing.completion_per_million) / 1_000_000;
  }
  return cost;
}
