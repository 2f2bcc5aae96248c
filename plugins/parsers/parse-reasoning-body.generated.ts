// Generated from schemas/requests/parse-reasoning.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface ParseReasoningBodyDocument {
  /**
   * The raw model output to split.
   */
  text: string;
  /**
   * A reasoning parser name or alias (deepseek_r1, qwen3, qwen3_thinking, glm45, kimi, step3, minimax, gpt_oss, passthrough, …).
   */
  reasoning_parser: string;
}

/** schemas/requests/parse-reasoning.schema.json after validation (defaults filled), frozen. */
export type ParseReasoningBody = DeepReadonly<ParseReasoningBodyDocument>;
