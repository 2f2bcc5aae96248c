import type { Exchange } from '../../../core/pipeline/exchange.js';
import type { Next, Stage } from '../../../core/pipeline/stage-contract.js';
import type { ClassifyMetrics } from '../classify-metrics.js';
import type { ReasoningModeConfig } from '../config/reasoning-mode-config.generated.js';
import { CLASSIFICATION } from './classification-state.js';
import { BUILTIN_FAMILIES, clientSetReasoning, writeReasoning, type ReasoningFamily } from './write-reasoning.js';

/**
 * Switches reasoning on or off per category (from the classify stage) for the model the request
 * goes to (after semantic-route), written in that model's family's own fields: qwen3's
 * `chat_template_kwargs.enable_thinking`, deepseek's `chat_template_kwargs.thinking`, gpt-oss's
 * and OpenAI's `reasoning_effort`, Anthropic's `thinking` budget. Reports `x-vsr-selected-reasoning`.
 */
export function createReasoningModeStage(config: ReasoningModeConfig, metrics: ClassifyMetrics): Stage {
  const families = familiesOf(config);
  const categories = new Map(config.categories.map((c) => [c.name, c]));
  return {
    async handle(x: Exchange, next: Next): Promise<void> {
      const category = x.state.get(CLASSIFICATION)?.result?.category;
      const rule = category === undefined ? undefined : categories.get(category);
      const familyName = config.models[x.request.model];
      const family = familyName === undefined ? undefined : families.get(familyName);
      let applied: string | undefined;
      if (rule !== undefined && family !== undefined && familyName !== undefined && category !== undefined && !(config.respect_client && clientSetReasoning(x.request.body, family))) {
        const effort = rule.reasoning_effort ?? config.default_effort;
        x.request.body = writeReasoning(x.request.body, family, { enabled: rule.use_reasoning, effort, budgetTokens: config.thinking_budget_tokens[effort] });
        const enabled = String(rule.use_reasoning);
        metrics.reasoningDecisions.inc({ category, model: x.request.model, enabled, effort: rule.use_reasoning ? effort : 'none' });
        metrics.reasoningTemplates.inc({ family: familyName, param: family.parameter });
        if (rule.use_reasoning) metrics.reasoningEfforts.inc({ family: familyName, effort });
        applied = rule.use_reasoning ? `on;effort=${effort}` : 'off';
      }
      await next();
      if (applied !== undefined && x.response !== undefined) x.response.headers['x-vsr-selected-reasoning'] = applied;
    },
  };
}

/** Built-in families with the config's over them; a model naming an unknown family fails the config. */
function familiesOf(config: ReasoningModeConfig): ReadonlyMap<string, ReasoningFamily> {
  const families = new Map<string, ReasoningFamily>(Object.entries(BUILTIN_FAMILIES));
  for (const [name, family] of Object.entries(config.families)) if (family !== undefined) families.set(name, family);
  const unknown = Object.entries(config.models).filter(([, family]) => family !== undefined && !families.has(family));
  if (unknown.length > 0) {
    throw new Error(`reasoning-mode: ${unknown.map(([model, family]) => `models.${model} names the family "${family ?? ''}"`).join(', ')}, which is neither built in (${Object.keys(BUILTIN_FAMILIES).join(', ')}) nor under families:`);
  }
  return families;
}
