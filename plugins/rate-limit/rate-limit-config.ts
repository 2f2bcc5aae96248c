import type { LimitPair } from '../../core/auth/principal.js';

/** schemas/stages/rate-limit.schema.json after defaults. */
export interface RateLimitConfig {
  readonly default_limits?: LimitPair;
  readonly estimate_prompt_tokens: boolean;
  readonly window_ms: number;
}

export const RATE_LIMIT_SCHEMA_ID = 'https://switchyard.dev/schemas/stages/rate-limit.schema.json';
