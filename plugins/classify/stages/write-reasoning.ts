import type { JsonObject } from '../../../core/pipeline/exchange.js';
import { isJsonObject } from '../../../core/streams/is-json-object.js';

export type ReasoningEffort = 'low' | 'medium' | 'high';

/** How a model family asks for reasoning (vLLM Semantic Router's `reasoning_families`). */
export interface ReasoningFamily {
  readonly type: 'chat_template_kwargs' | 'reasoning_effort' | 'anthropic_thinking';
  readonly parameter: string;
}

/** The families every config has; a config's own `families` are merged over these. */
export const BUILTIN_FAMILIES: Readonly<Record<string, ReasoningFamily>> = Object.freeze({
  qwen3: { type: 'chat_template_kwargs', parameter: 'enable_thinking' },
  deepseek: { type: 'chat_template_kwargs', parameter: 'thinking' },
  'gpt-oss': { type: 'reasoning_effort', parameter: 'reasoning_effort' },
  gpt: { type: 'reasoning_effort', parameter: 'reasoning_effort' },
  anthropic: { type: 'anthropic_thinking', parameter: 'thinking' },
});

export interface ReasoningChoice {
  readonly enabled: boolean;
  readonly effort: ReasoningEffort;
  /** anthropic_thinking: the budget for this effort. */
  readonly budgetTokens: number;
}

/** Whether the client already set the family's field (then, by default, the stage leaves it). */
export function clientSetReasoning(body: JsonObject, family: ReasoningFamily): boolean {
  if (family.type !== 'chat_template_kwargs') return body[family.parameter] !== undefined;
  const kwargs = body['chat_template_kwargs'];
  return isJsonObject(kwargs) && kwargs[family.parameter] !== undefined;
}

/** The body with reasoning switched as chosen, in the family's own dialect (a new object; the input is not changed). */
export function writeReasoning(body: JsonObject, family: ReasoningFamily, choice: ReasoningChoice): JsonObject {
  switch (family.type) {
    case 'chat_template_kwargs': {
      const kwargs = isJsonObject(body['chat_template_kwargs']) ? body['chat_template_kwargs'] : {};
      return { ...body, chat_template_kwargs: { ...kwargs, [family.parameter]: choice.enabled } };
    }
    case 'reasoning_effort': {
      // OpenAI-style reasoning models cannot switch reasoning off: "off" leaves the model's own default.
      const { [family.parameter]: _dropped, ...rest } = body;
      return choice.enabled ? { ...rest, [family.parameter]: choice.effort } : rest;
    }
    case 'anthropic_thinking':
      return { ...body, [family.parameter]: choice.enabled ? { type: 'enabled', budget_tokens: choice.budgetTokens } : { type: 'disabled' } };
  }
}
