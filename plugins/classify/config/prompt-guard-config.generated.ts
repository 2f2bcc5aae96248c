// Generated from schemas/stages/prompt-guard.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface PromptGuardConfigDocument {
  /**
   * block: refuse with 403 (type security_violation, code jailbreak_detected); flag: let it through and say so in x-security-checks.
   */
  action: "block" | "flag";
  /**
   * Jailbreak probability at or above which a prompt is a jailbreak. Absent: the model's own threshold (labels.json jailbreak_threshold).
   */
  threshold?: number;
  /**
   * Which text is checked. When a classify stage before this one classified the same text, its result is reused (one model run).
   */
  input: "last_user_message" | "user_messages" | "conversation";
  /**
   * Also match the maintained list of well-known jailbreak phrases (plugins/classify/stages/builtin-jailbreak-phrases.ts).
   */
  builtin_rules: boolean;
  /**
   * Phrases that mark a jailbreak whatever the model says (case-insensitive, whitespace-folded substring match; no regular expressions, so no catastrophic backtracking).
   *
   * @maxItems 1000
   */
  rules: string[];
}

/** schemas/stages/prompt-guard.schema.json after validation (defaults filled), frozen. */
export type PromptGuardConfig = DeepReadonly<PromptGuardConfigDocument>;
