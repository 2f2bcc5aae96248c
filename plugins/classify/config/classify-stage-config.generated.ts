// Generated from schemas/stages/classify.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface ClassifyStageConfigDocument {
  /**
   * Which text is classified: the last user message (default), every user message, or every message of the conversation. /v1/completions uses its prompt.
   */
  input: "last_user_message" | "user_messages" | "conversation";
  /**
   * Character budget: a longer text keeps its head (three quarters) and its tail before it reaches the model.
   */
  max_chars: number;
  /**
   * Add vSR's routing_metadata (selected_model, confidence, processing_time_ms, cache_hit, security_checks) to non-stream chat answers; clients that do not know the field ignore it.
   */
  routing_metadata: boolean;
}

/** schemas/stages/classify.schema.json after validation (defaults filled), frozen. */
export type ClassifyStageConfig = DeepReadonly<ClassifyStageConfigDocument>;
