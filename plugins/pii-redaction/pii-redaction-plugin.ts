import type { Plugin } from '../../core/plugin-contract.js';
import { defineStage } from '../../core/pipeline/stage-contract.js';
import { buildRedactionPlan } from './build-redaction-plan.js';
import { createPiiDetectionsCounter } from './pii-detections-metric.js';
import { PII_REDACTION_SCHEMA_ID, type PiiRedactionConfig } from './pii-redaction-config.js';
import type { PiiRedactionStageConfig } from './pii-redaction-config.generated.js';
import { createPiiRedactionStage } from './pii-redaction-stage.js';
import { TENANT_GRANT } from './tenant-grant.js';

/**
 * The built-in `pii-redaction` stage. Each route's config compiles into one redaction plan when
 * its pipeline is built (a config the plan refuses — unsafe regex, hash without key — fails the
 * build, so a reload with it is refused); the detections counter is the app's, shared by routes.
 */
export function createPiiRedactionPlugin(): Plugin {
  return {
    name: 'pii-redaction',
    // Keys carry a `tenant` (whose hash key they use with `hash_scope: tenant`).
    grants: [TENANT_GRANT],
    setup(context) {
      const detections = createPiiDetectionsCounter(context.metrics);
      return {
        stages: [
          defineStage<PiiRedactionStageConfig>({
            name: 'pii-redaction',
            configSchemaId: PII_REDACTION_SCHEMA_ID,
            create: (config, stageContext) => createPiiRedactionStage(buildRedactionPlan(asPlanConfig(config)), detections, stageContext),
          }),
        ],
      };
    },
  };
}

/**
 * The schema's generated type is the library's config type: this assignment fails to compile when
 * the hand-written `PiiRedactionConfig` drifts from what the validator accepts.
 */
function asPlanConfig(config: PiiRedactionStageConfig): PiiRedactionConfig {
  return config;
}
