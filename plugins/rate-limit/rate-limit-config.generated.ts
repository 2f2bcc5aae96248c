// Generated from schemas/stages/rate-limit.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface RateLimitConfigDocument {
  /**
   * Limits for callers whose key sets none (anonymous callers on an open gateway included).
   */
  default_limits?: {
    /**
     * Requests per minute.
     */
    rpm?: number;
    /**
     * Tokens (prompt + completion) per minute.
     */
    tpm?: number;
  };
  /**
   * Refuse up front when the window's tokens plus an estimate of this prompt (counted with the model's tokenizer from the tokenizers plugin, else the fallback encoding) pass the token limit.
   */
  estimate_prompt_tokens: boolean;
  /**
   * Window length; limits are per this window (one minute by default).
   */
  window_ms: number;
}

/** schemas/stages/rate-limit.schema.json after validation (defaults filled), frozen. */
export type RateLimitConfig = DeepReadonly<RateLimitConfigDocument>;
