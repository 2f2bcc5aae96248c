import type { Logger } from 'pino';
import { defineSection, type Plugin } from '../../core/plugin-contract.js';
import { defineStage, type Stage } from '../../core/pipeline/stage-contract.js';
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
import { embeddingVectors, featureVectors, type QuestionVectors } from './cache/embed-question.js';
import type { HashedFeaturizer } from './model/hash-text-features.js';
import type { PromptClassifier } from './model/classify-result.js';
import { createSharedClassifier, type SharedClassifier } from './shared-classifier.js';
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
      const sharedFor = (settings: ClassifySectionConfig): SharedClassifier => {
        const operatorModel = settings.model;
        return operatorModel === undefined
          ? createSharedClassifier(context.logger)
          // Imported only when configured: the tokenizer libraries load for gateways that use them.
          : createSharedClassifier(context.logger, async () => (await import('./operator-model/load-operator-model.js')).loadOperatorModel(operatorModel, settings.model_roots));
      };
      // The classifier in force, and the one a reload prepared: the pipelines of the new config are
      // built on the prepared one, and the commit makes it the one in force (see reconfigure).
      let active = sharedFor(section);
      let prepared: SharedClassifier | undefined;
      let sectionInForce = JSON.stringify(section);
      /** A stage instance holds its classifier until its pipeline generation retires. */
      const withClassifier = async (build: (classifier: PromptClassifier) => Stage): Promise<Stage> => {
        const shared = prepared ?? active;
        const release = shared.retain();
        let stage: Stage;
        try {
          stage = build(await shared.get());
        } catch (error) {
          release();
          throw error;
        }
        return {
          ...stage,
          async close() {
            try {
              await stage.close?.();
            } finally {
              release();
            }
          },
        };
      };
      const metrics = createClassifyMetrics(context.metrics);
      const pii = createPiiDetector(context.validators);
      // Without an embedding model the cache compares questions by the classifier's own features: no onnxruntime needed for it.
      let featurizer: HashedFeaturizer | undefined;
      const cacheVectors = (config: SemanticCacheConfig, logger: Logger): QuestionVectors =>
        config.embedding === undefined
          ? featureVectors((featurizer ??= loadDefaultFeaturizer()))
          : embeddingVectors(config.embedding, context.modelCalls, metrics.cacheEmbeddings, logger);
      return {
        stages: [
          defineStage<ClassifyStageConfig>({
            name: 'classify',
            configSchemaId: SCHEMA('classify'),
            create: (config) => withClassifier((classifier) => createClassifyStage(config, classifier, metrics)),
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
            create: async (config, stageContext) => createSemanticCacheStage(config, cacheVectors(config, stageContext.logger), metrics.caches, await connectAnswerStore(config, stageContext.logger, context.checkOnly), stageContext.logger),
          }),
          defineStage<PromptGuardConfig>({
            name: 'prompt-guard',
            configSchemaId: SCHEMA('prompt-guard'),
            create: (config) => withClassifier((classifier) => createPromptGuardStage(config, classifier, metrics)),
          }),
        ],
        routes: classificationRoutes(() => active, pii, context.validators, metrics),
        health: () => classifyHealth(active, pii, metrics.caches),
        /**
         * A changed classify section: the new model loads here, during the reload and off the
         * request path, when the one in force has been used (else it loads as before, when a stage or
         * the API first needs it). A model that fails to load refuses the reload with its error and
         * the one in force keeps serving. The commit swaps them in the same step as the pipelines;
         * the old one is released once the last request on it finished.
         */
        async reconfigure(next) {
          const nextSection = next.section(CLASSIFY_SECTION);
          const serialized = JSON.stringify(nextSection);
          if (serialized === sectionInForce) return { commit: () => undefined };
          const candidate = sharedFor(nextSection);
          if (active.state() !== 'not_loaded') {
            try {
              await candidate.get();
            } catch (error) {
              candidate.retire();
              throw new Error(`classify: the new model cannot be loaded, so the one in force stays: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
            }
          }
          prepared = candidate;
          return {
            commit() {
              const replaced = active;
              active = candidate;
              prepared = undefined;
              sectionInForce = serialized;
              replaced.retire();
            },
            discard() {
              if (prepared === candidate) prepared = undefined;
              candidate.retire();
            },
          };
        },
        close: async () => {
          await Promise.all([active.close(), prepared?.close()]);
        },
      };
    },
  };
}
