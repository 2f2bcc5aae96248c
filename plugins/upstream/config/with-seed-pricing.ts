import type { ModelsConfig } from './config-types.js';
import type { SeedModelConfig } from './model-config.generated.js';

/**
 * The models section with seed 004's `model_config.<id>.pricing` (`prompt_per_1m`,
 * `completion_per_1m`) folded in as `models.<id>.pricing`, so one pricing function serves both
 * (cost, budgets, /v1/models). A model's own `models.<id>.pricing` wins. Unchanged (same object)
 * when model_config prices nothing.
 */
export function withSeedPricing(models: ModelsConfig, modelConfig: SeedModelConfig): ModelsConfig {
  let merged: Record<string, ModelsConfig[string]> | undefined;
  for (const [model, entry] of Object.entries(modelConfig)) {
    const pricing = entry?.pricing;
    const own = Object.hasOwn(models, model) ? models[model] : undefined;
    if (pricing === undefined || own?.pricing !== undefined) continue;
    merged ??= { ...models };
    merged[model] = {
      ...own,
      pricing: {
        currency: pricing.currency,
        prompt_per_million: pricing.prompt_per_1m,
        completion_per_million: pricing.completion_per_1m,
        ...(pricing.cached_prompt_per_1m === undefined ? {} : { cached_prompt_per_million: pricing.cached_prompt_per_1m }),
        ...(pricing.cache_write_per_1m === undefined ? {} : { cache_write_per_million: pricing.cache_write_per_1m }),
      },
    };
  }
  return merged === undefined ? models : Object.freeze(merged);
}
