// Generated from schemas/grants/limits.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface KeyLimitsDocument {
  rpm?: number;
  tpm?: number;
  /**
   * Limits per model for this key, on top of the key-wide ones.
   */
  models?: {
    [k: string]:
      | {
          /**
           * Requests per minute.
           */
          rpm?: number;
          /**
           * Tokens (prompt + completion) per minute.
           */
          tpm?: number;
        }
      | undefined;
  };
}

/** schemas/grants/limits.schema.json after validation (defaults filled), frozen. */
export type KeyLimits = DeepReadonly<KeyLimitsDocument>;
