// Generated from schemas/stages/semantic-route.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface SemanticRouteConfigDocument {
  /**
   * The model for a category with no entry, and for a classification below its minimum confidence.
   */
  default_model: string;
  /**
   * Model names a client sends to ask the gateway to choose; any other model is kept as asked (reason model_specified) unless `force` is set.
   */
  auto_models: string[];
  /**
   * Route every request by its category, even when the client named a model.
   */
  force: boolean;
  /**
   * Below this confidence the default model answers (reason low_confidence_default); a category may set its own.
   */
  min_confidence: number;
  /**
   * vSR's per-model PII policy: a model whose policy does not allow a PII type found in the prompt (the redaction stage's recognizers) is skipped for the next-best one (reason pii_policy_alternative_selected). Models without an entry take any prompt.
   */
  model_pii_policies: {
    [k: string]:
      | {
          /**
           * true (also when absent): every PII type is allowed; false: only pii_types_allowed.
           */
          allow_by_default?: boolean;
          /**
           * Entity types (EMAIL, PHONE, CREDIT_CARD …) allowed when allow_by_default is false.
           */
          pii_types_allowed?: string[];
        }
      | undefined;
  };
  /**
   * Per category (a label of the classifier), the models that may answer it with a score each; the highest score wins.
   */
  categories: {
    name: string;
    description?: string;
    min_confidence?: number;
    /**
     * @minItems 1
     */
    model_scores: [
      {
        model: string;
        score: number;
      },
      ...{
        model: string;
        score: number;
      }[]
    ];
  }[];
}

/** schemas/stages/semantic-route.schema.json after validation (defaults filled), frozen. */
export type SemanticRouteConfig = DeepReadonly<SemanticRouteConfigDocument>;
