// Generated from schemas/admin/ha-rate-limit.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

/**
 * Replaces the whole document (send {} to clear it). Applies on top of the limits keys and routes configure.
 */
interface SharedRateLimitsDocument {
  /**
   * Scales every requests and tokens limit (a key's own, its per-model ones, a route's default_limits), rounded down, at least 1. 0.5 halves them during an incident; 1 leaves them.
   */
  multiplier: number;
  /**
   * Limits that replace a caller's own (its key grant or the route's default), by subject "<kind>:<id>" as GET /limits/spend names them (api_key:alice, jwt:sub, anonymous:anonymous). The multiplier applies to them too.
   */
  overrides?: {
    [k: string]:
      | {
          /**
           * Requests per window.
           */
          rpm?: number;
          /**
           * Tokens (prompt + completion) per window.
           */
          tpm?: number;
        }
      | undefined;
  };
}

/** schemas/admin/ha-rate-limit.schema.json after validation (defaults filled), frozen. */
export type SharedRateLimits = DeepReadonly<SharedRateLimitsDocument>;
