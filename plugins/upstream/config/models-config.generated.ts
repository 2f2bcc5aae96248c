// Generated from schemas/config/models.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

/**
 * What /v1/models reports about a model, by model id.
 */
interface ModelsConfigDocument {
  [k: string]:
    | {
        context_window?: number;
        max_tokens?: number;
        capabilities?: string[];
        pricing?: {
          currency: string;
          prompt_per_million: number;
          completion_per_million: number;
          /**
           * Price of prompt tokens served from the provider's prompt cache (prompt_tokens_details.cached_tokens); prompt_per_million when absent.
           */
          cached_prompt_per_million?: number;
          /**
           * Price of prompt tokens written to the provider's prompt cache, where it bills them (Anthropic's cache_creation_input_tokens); prompt_per_million when absent.
           */
          cache_write_per_million?: number;
        };
        /**
         * Models tried in order when every worker of this one is unavailable.
         */
        fallbacks?: string[];
        /**
         * Routing policy for this model (overrides routing.policy).
         */
        policy?:
          | "round_robin"
          | "random"
          | "least_load"
          | "power_of_two"
          | "cache_aware"
          | "consistent_hash"
          | "priority"
          | "cost";
      }
    | undefined;
}

/** schemas/config/models.schema.json after validation (defaults filled), frozen. */
export type ModelsConfig = DeepReadonly<ModelsConfigDocument>;
