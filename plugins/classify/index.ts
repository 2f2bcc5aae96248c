import { defineSection, type Plugin } from '../../core/plugin-contract.js';
import { defineStage } from '../../core/pipeline/stage-contract.js';
import { classificationRoutes } from './api/classification-routes.js';
import { createPiiDetector } from './api/pii-detector.js';
import { classifyHealth } from './classify-health.js';
import { createClassifyMetrics } from './classify-metrics.js';
import type { ClassifySectionConfig } from './config/classify-section-config.generated.js';
import type { ClassifyStageConfig } from './config/classify-stage-config.generated.js';
import type { PromptGuardConfig } from './config/prompt-guard-config.generated.js';
import type { ReasoningModeConfig } from './config/reasoning-mode-config.generated.js';
import type { SemanticCacheConfig } from './config/semantic-cache-config.generated.js';
import type { SemanticRouteConfig } from './config/semantic-route-config.generated.js';
import { connectAnswerStore } from './cache/connect-answer-store.js';
import { loadDefaultFeaturizer } from './cache/default-featurizer.js';
import type { HashedFeaturizer } from './model/hash-text-features.js';
import { createSharedClassifier } from './shared-classifier.js';
import { createClassifyStage } from './stages/classify-stage.js';
import { createPromptGuardStage } from './stages/prompt-guard-stage.js';
import { createReasoningModeStage } from './stages/reasoning-mode-stage.js';
import { createSemanticCacheStage } from './stages/semantic-cache-stage.js';
import { createSemanticRouteStage } from './stages/semantic-route-stage.js';

const SCHEMA = (name: string): string => `https://switchyard.dev/schemas/stages/${name}.schema.json`;
const CLASSIFY_SECTION = defineSection<ClassifySectionConfig>('classify', 'https://switchyard.dev/schemas/config/classify.schema.json');

/**
 * vLLM-Semantic-Router-style classification: the `classify`, `semantic-route`, `reasoning-mode`,
 * `prompt-guard` and `semantic-cache` stages and the Classification API, over one shipped model (models/default) held here. The model
 * loads when a pipeline first creates one of these stages (so a bad model fails the boot, not a
 * request) or when the API is first called; a gateway that uses neither never loads onnxruntime.
 */
export function createClassifyPlugin(): Plugin {
  return {
    name: 'classify',
    configSections: { [CLASSIFY_SECTION.key]: CLASSIFY_SECTION.schemaId },
    setup(context) {
      const section = context.section(CLASSIFY_SECTION);
      const operatorModel = section.model;
      const shared = operatorModel === undefined
        ? createSharedClassifier(context.logger)
        // Imported only when configured: the tokenizer libraries load for gateways that use them.
        : createSharedClassifier(context.logger, async () => (await import('./operator-model/load-operator-model.js')).loadOperatorModel(operatorModel, section.model_roots));
      const metrics = createClassifyMetrics(context.metrics);
      const pii = createPiiDetector(context.validators);
      // The cache compares questions by the classifier's own features: no onnxruntime needed for it.
      let featurizer: HashedFeaturizer | undefined;
      const cacheFeaturizer = (): HashedFeaturizer => (featurizer ??= loadDefaultFeaturizer());
      return {
        stages: [
          defineStage<ClassifyStageConfig>({
            name: 'classify',
            configSchemaId: SCHEMA('classify'),
            create: async (config) => createClassifyStage(config, await shared.get(), metrics),
          }),
          defineStage<SemanticRouteConfig>({
            name: 'semantic-route',
            configSchemaId: SCHEMA('semantic-route'),
            requires: ['classify'],
            create: (config) => createSemanticRouteStage(config, metrics, pii),
          }),
          defineStage<ReasoningModeConfig>({
            name: 'reasoning-mode',
            configSchemaId: SCHEMA('reasoning-mode'),
            requires: ['classify'],
            create: (config) => createReasoningModeStage(config, metrics),
          }),
          defineStage<SemanticCacheConfig>({
            name: 'semantic-cache',
            configSchemaId: SCHEMA('semantic-cache'),
            create: async (config, stageContext) => createSemanticCacheStage(config, cacheFeaturizer(), metrics.caches, await connectAnswerStore(config, stageContext.logger), stageContext.logger),
          }),
          defineStage<PromptGuardConfig>({
            name: 'prompt-guard',
            configSchemaId: SCHEMA('prompt-guard'),
            create: async (config) => createPromptGuardStage(config, await shared.get(), metrics),
          }),
        ],
        routes: classificationRoutes(shared, pii, context.validators, metrics),
        health: () => classifyHealth(shared, pii, metrics.caches),
        close: () => shared.close(),
      };
    },
  };
}
