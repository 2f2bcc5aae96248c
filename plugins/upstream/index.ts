import type { StageDefinition } from '../../core/pipeline/stage-contract.js';
import { UPSTREAM_SCHEMA_ID, type UpstreamStageConfig } from './upstream-config.js';
import { createUpstreamStage } from './upstream-stage.js';

export const upstreamStage: StageDefinition<UpstreamStageConfig> = {
  name: 'upstream',
  configSchemaId: UPSTREAM_SCHEMA_ID,
  terminal: true,
  create: (config, deps) => createUpstreamStage(config, deps),
};
