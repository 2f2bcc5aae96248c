import type { StageDefinition } from '../../core/pipeline/stage-contract.js';
import { RATE_LIMIT_SCHEMA_ID, type RateLimitConfig } from './rate-limit-config.js';
import { createRateLimitStage } from './rate-limit-stage.js';

export const rateLimitStage: StageDefinition<RateLimitConfig> = {
  name: 'rate-limit',
  configSchemaId: RATE_LIMIT_SCHEMA_ID,
  create: (config, deps) => createRateLimitStage(config, deps),
};
