// Generated from schemas/config/limits.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

/**
 * Where rate-limit counters and spend live. Redis lets replicas share one exact limit.
 */
interface LimitsConfigDocument {
  backend: "memory" | "redis";
  currency: string;
  redis?: {
    url: string;
    /**
     * Per-command timeout; past it the on_failure choice applies.
     */
    timeout_ms: number;
    /**
     * fail_open: fall back to in-process counters (and count it in /metrics); fail_closed: answer 503.
     */
    on_failure: "fail_open" | "fail_closed";
    key_prefix: string;
  };
  /**
   * Team budgets: keys with `team: <id>` share the team's budget (in currency). Every team's spend is recorded, budget or not; GET /limits/spend shows it. Changes apply on reload.
   */
  teams: {
    [k: string]:
      | {
          /**
           * Spend limit for all of the team's keys together, in limits.currency.
           */
          budget: number;
        }
      | undefined;
  };
}

/** schemas/config/limits.schema.json after validation (defaults filled), frozen. */
export type LimitsConfig = DeepReadonly<LimitsConfigDocument>;
