// Generated from schemas/config/resilience.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface ResilienceConfigDocument {
  retries: {
    /**
     * Attempts in all, the first included; 1 turns retries off.
     */
    max_attempts: number;
    initial_backoff_ms: number;
    max_backoff_ms: number;
    /**
     * Retries in flight may be at most this share of requests in flight …
     */
    budget_ratio: number;
    /**
     * … or this many, whichever is larger.
     */
    budget_min: number;
  };
  circuit_breaker: {
    /**
     * Consecutive failures that open a worker's breaker.
     */
    failure_threshold: number;
    /**
     * How long it stays open before one probe request is let through.
     */
    cooldown_ms: number;
    /**
     * Successful probes that close it again.
     */
    success_threshold: number;
  };
  /**
   * When every worker of a model is at max_connections, requests wait here (in arrival order) for a free slot; a full queue or a wait past timeout_ms answers 503 with Retry-After. Time spent here never counts against a worker.
   */
  queue: {
    max_waiting: number;
    timeout_ms: number;
  };
}

/** schemas/config/resilience.schema.json after validation (defaults filled), frozen. */
export type ResilienceConfig = DeepReadonly<ResilienceConfigDocument>;
