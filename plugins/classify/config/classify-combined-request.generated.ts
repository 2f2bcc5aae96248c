// Generated from schemas/requests/classify-combined.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface ClassifyCombinedRequestDocument {
  text: string;
  /**
   * Which answers to give (default: intent and security); pii uses the redaction stage's recognizers.
   *
   * @minItems 1
   */
  tasks: ["intent" | "security" | "pii", ...("intent" | "security" | "pii")[]];
  options?: {
    /**
     * Add every category's probability.
     */
    return_probabilities: boolean;
    /**
     * Below this confidence the routing decision is low_confidence.
     */
    confidence_threshold?: number;
    /**
     * Accepted for compatibility; the linear classifier gives no explanation.
     */
    include_explanation?: boolean;
    /**
     * Accepted for compatibility (security): the model has one jailbreak/prompt-injection head.
     */
    detection_types?: string[];
    /**
     * security: low, medium (the model's threshold) or high.
     */
    sensitivity?: "low" | "medium" | "high";
    /**
     * security: add a one-line reason.
     */
    include_reasoning?: boolean;
  };
}

/** schemas/requests/classify-combined.schema.json after validation (defaults filled), frozen. */
export type ClassifyCombinedRequest = DeepReadonly<ClassifyCombinedRequestDocument>;
