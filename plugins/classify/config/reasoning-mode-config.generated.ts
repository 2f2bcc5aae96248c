// Generated from schemas/stages/reasoning-mode.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface ReasoningModeConfigDocument {
  /**
   * How each family asks for reasoning. Merged over the built-in families qwen3 (chat_template_kwargs.enable_thinking), deepseek (chat_template_kwargs.thinking), gpt-oss and gpt (reasoning_effort) and anthropic (thinking with a token budget).
   */
  families: {
    [k: string]:
      | {
          /**
           * chat_template_kwargs: chat_template_kwargs.<parameter> = true|false; reasoning_effort: <parameter> = the effort (removed when off); anthropic_thinking: <parameter> = {type: enabled, budget_tokens} or {type: disabled}.
           */
          type: "chat_template_kwargs" | "reasoning_effort" | "anthropic_thinking";
          parameter: string;
        }
      | undefined;
  };
  /**
   * Which family each model belongs to (the model the request goes to, after semantic-route). Requests for other models are left as they are.
   */
  models: {
    [k: string]: string | undefined;
  };
  /**
   * The effort when a category switches reasoning on without naming one.
   */
  default_effort: "low" | "medium" | "high";
  /**
   * anthropic_thinking: the token budget per effort.
   */
  thinking_budget_tokens: {
    low: number;
    medium: number;
    high: number;
  };
  /**
   * Leave the request alone when the client already set the family's field itself.
   */
  respect_client: boolean;
  /**
   * Per category (a label of the classifier): reasoning on or off, and the effort. Categories not listed are left as the client sent them.
   */
  categories: {
    name: string;
    use_reasoning: boolean;
    reasoning_effort?: "low" | "medium" | "high";
  }[];
}

/** schemas/stages/reasoning-mode.schema.json after validation (defaults filled), frozen. */
export type ReasoningModeConfig = DeepReadonly<ReasoningModeConfigDocument>;
