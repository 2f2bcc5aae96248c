import type { SemanticRouteConfig } from '../config/semantic-route-config.generated.js';
import type { ClassifyResult } from '../model/classify-result.js';
import type { RouteDecision } from './classification-state.js';

/**
 * vLLM Semantic Router's decision for one request: the model the client asked for unless it asked
 * the gateway to choose (or the route forces the choice); then the best-scored model of the
 * prompt's category, or the default model when the category has no entry or the classifier is
 * not confident enough.
 */
export function decideRoute(config: SemanticRouteConfig, requestedModel: string, result: ClassifyResult | null, piiTypes: ReadonlySet<string> = new Set()): RouteDecision {
  const category = result?.category ?? null;
  const confidence = result?.confidence ?? 0;
  if (!config.force && !config.auto_models.includes(requestedModel)) {
    return { model: requestedModel, reason: 'model_specified', category, confidence };
  }
  const entry = category === null ? undefined : config.categories.find((c) => c.name === category);
  const minimum = entry?.min_confidence ?? config.min_confidence;
  if (result === null || entry === undefined || confidence < minimum) {
    return { model: config.default_model, reason: 'low_confidence_default', category, confidence };
  }
  // Best score first; the order in config breaks ties (a stable sort).
  const ranked = [...entry.model_scores].sort((a, b) => b.score - a.score).map((s) => s.model);
  const allowed = ranked.find((model) => allowsPii(config, model, piiTypes));
  if (allowed !== undefined && allowed === ranked[0]) return { model: allowed, reason: 'auto_routing', category, confidence };
  // No scored model may see this prompt's PII: the default model, if its policy allows, else no one.
  const model = allowed ?? (allowsPii(config, config.default_model, piiTypes) ? config.default_model : null);
  return { model: model ?? config.default_model, reason: 'pii_policy_alternative_selected', category, confidence, ...(model === null ? { refused: true } : {}) };
}

/** vSR's model PII policy: no entry, or allow_by_default, allows every type. */
export function allowsPii(config: SemanticRouteConfig, model: string, piiTypes: ReadonlySet<string>): boolean {
  const policy = config.model_pii_policies[model];
  if (policy === undefined || policy.allow_by_default !== false || piiTypes.size === 0) return true;
  return [...piiTypes].every((type) => policy.pii_types_allowed?.includes(type) === true);
}

/** Every model the config names: the metric's `model` label keeps to these (anything else is "other"). */
export function modelsOf(config: SemanticRouteConfig): ReadonlySet<string> {
  return new Set([config.default_model, ...config.categories.flatMap((c) => c.model_scores.map((s) => s.model))]);
}
