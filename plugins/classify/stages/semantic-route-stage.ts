import { GatewayError } from '../../../core/errors/gateway-error.js';
import type { Exchange } from '../../../core/pipeline/exchange.js';
import type { Next, Stage } from '../../../core/pipeline/stage-contract.js';
import type { SemanticRouteConfig } from '../config/semantic-route-config.generated.js';
import type { ClassifyMetrics } from '../classify-metrics.js';
import { CLASSIFICATION, ROUTE_DECISION } from './classification-state.js';
import { decideRoute, modelsOf } from './decide-route.js';

/**
 * Chooses the request's model from the category the classify stage found, before `upstream`
 * runs (which routes by `x.request.model` and sends `body.model`). Reports the decision on the
 * response: `x-selected-model`, `x-routing-confidence` and vSR's `x-vsr-selected-model`.
 */
export function createSemanticRouteStage(config: SemanticRouteConfig, metrics: ClassifyMetrics): Stage {
  const known = modelsOf(config);
  return {
    async handle(x: Exchange, next: Next): Promise<void> {
      const classification = x.state.get(CLASSIFICATION);
      const decision = decideRoute(config, x.request.model, classification?.result ?? null);
      metrics.routingReasons.inc({ reason_code: decision.reason, model: known.has(decision.model) ? decision.model : 'other' });
      if (decision.model !== x.request.model) {
        const allowed = x.principal.models;
        if (allowed !== undefined && !allowed.has(decision.model)) {
          throw new GatewayError(
            'GW_ERR_AUTH_FORBIDDEN',
            `This prompt (category ${decision.category ?? 'none'}) routes to the model \`${decision.model}\`, which these credentials may not use; ask for a model by name or have the key allowed \`${decision.model}\`.`,
          );
        }
        x.request.model = decision.model;
        x.request.body = { ...x.request.body, model: decision.model };
      }
      x.state.set(ROUTE_DECISION, decision);
      // The seed's headers on the request to the worker, too.
      x.upstreamHeaders['x-selected-model'] = decision.model;
      x.upstreamHeaders['x-routing-confidence'] = decision.confidence.toFixed(4);
      await next();
      const response = x.response;
      if (response === undefined) return;
      response.headers['x-selected-model'] = decision.model;
      response.headers['x-vsr-selected-model'] = decision.model;
      response.headers['x-routing-confidence'] = decision.confidence.toFixed(4);
      response.headers['x-routing-reason'] = decision.reason;
    },
  };
}
