// Generated from schemas/config/model-config.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

/**
 * By model id, as a vLLM Semantic Router config has it. Only pricing is read (into models.<id>.pricing when that has none); other per-model keys of that format are accepted and ignored, so such a config pastes in.
 */
interface SeedModelConfigDocument {
  [k: string]:
    | {
        pricing?: {
          currency: string;
          prompt_per_1m: number;
          completion_per_1m: number;
          /**
           * Not in seed 004: the price of cached prompt tokens, as models.<id>.pricing.cached_prompt_per_million.
           */
          cached_prompt_per_1m?: number;
          /**
           * Not in seed 004: the price of prompt-cache writes, as models.<id>.pricing.cache_write_per_million.
           */
          cache_write_per_1m?: number;
        };
      }
    | undefined;
}

/** schemas/config/model-config.schema.json after validation (defaults filled), frozen. */
export type SeedModelConfig = DeepReadonly<SeedModelConfigDocument>;
