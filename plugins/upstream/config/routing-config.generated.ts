// Generated from schemas/config/routing.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface RoutingConfigDocument {
  policy:
    "round_robin" | "random" | "least_load" | "power_of_two" | "cache_aware" | "consistent_hash" | "priority" | "cost";
  /**
   * Model names clients may ask for, mapped to the model the workers serve: exact ("gpt-4o": "qwen2.5-72b") or a prefix wildcard whose * carries over ("openai/*": "*" sends openai/gpt-4o as gpt-4o). Exact names win, then the longest prefix; one step, never chained.
   */
  aliases: {
    [k: string]: string | undefined;
  };
  cache_aware: {
    /**
     * Least share of the prompt a worker's tree must match to be chosen for its cache.
     */
    cache_threshold: number;
    /**
     * Load is unbalanced when max - min in-flight exceeds this …
     */
    balance_abs_threshold: number;
    /**
     * … and max exceeds min times this; then the least loaded worker wins.
     */
    balance_rel_threshold: number;
    /**
     * Characters of prompts remembered per worker before the oldest are evicted.
     */
    max_tree_chars: number;
  };
  consistent_hash: {
    /**
     * Request header naming the session; the body's `user` is used when absent.
     */
    header: string;
    virtual_nodes: number;
  };
}

/** schemas/config/routing.schema.json after validation (defaults filled), frozen. */
export type RoutingConfig = DeepReadonly<RoutingConfigDocument>;
