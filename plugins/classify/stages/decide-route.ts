import type { SemanticRouteConfig } from '../config/semantic-route-config.generated.js';
import type { ClassifyResult } from '../model/classify-result.js';
import type { RouteDecision } from './classification-state.js';

/**
 * vLLM Semantic Router's decision for one request: the model the client asked for unless it asked
 * the gateway to choose (or the route forces the choice); then the best-scored model of the
 * prompt's category, or the default model when the category has no entry or the classifier is
 * not confident enough.
 */
export function decideRoute(config: SemanticRouteConfig, requestedModel: string, result: ClassifyResult | null): RouteDecision {
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
  // The first of equal scores wins: the order in config breaks ties.
  const best = entry.model_scores.reduce((a, b) => (b.score > a.score ? b : a));
  return { model: best.model, reason: 'auto_routing', category, confidence };
}

/** Every model the config names: the metric's `model` label keeps to these (anything else is "other"). */
export function modelsOf(config: SemanticRouteConfig): ReadonlySet<string> {
  return new Set([config.default_model, ...config.categories.flatMap((c) => c.model_scores.map((s) => s.model))]);
}
