import { GatewayError } from '../../../core/errors/gateway-error.js';
import type { Exchange } from '../../../core/pipeline/exchange.js';
import type { Next, Stage } from '../../../core/pipeline/stage-contract.js';
import type { SemanticRouteConfig } from '../config/semantic-route-config.generated.js';
import type { ClassifyMetrics } from '../classify-metrics.js';
import type { PiiDetector } from '../api/pii-detector.js';
import { truncateText } from '../model/hash-text-features.js';
import { CLASSIFICATION, PII_FOUND, ROUTE_DECISION } from './classification-state.js';
import { promptTextOf } from './prompt-text.js';

/** Characters searched for PII (the classifier's budget). */
const PII_MAX_CHARS = 16_384;
import { decideRoute, modelsOf } from './decide-route.js';

/**
 * Chooses the request's model from the category the classify stage found, before `upstream`
 * runs (which routes by `x.request.model` and sends `body.model`). Reports the decision on the
 * response: `x-selected-model`, `x-routing-confidence` and vSR's `x-vsr-selected-model`.
 */
export function createSemanticRouteStage(config: SemanticRouteConfig, metrics: ClassifyMetrics, pii: PiiDetector): Stage {
  const known = modelsOf(config);
  const checksPii = Object.keys(config.model_pii_policies).length > 0;
  return {
    async handle(x: Exchange, next: Next): Promise<void> {
      const classification = x.state.get(CLASSIFICATION);
      let piiTypes: ReadonlySet<string> = new Set();
      if (checksPii && (config.force || config.auto_models.includes(x.request.model))) {
        const text = truncateText(promptTextOf(x.request.body, classification?.input ?? 'last_user_message'), PII_MAX_CHARS);
        piiTypes = new Set(pii.plan().analyzer.analyze(text).map((f) => f.entityType));
        x.state.set(PII_FOUND, piiTypes);
      }
      const decision = decideRoute(config, x.request.model, classification?.result ?? null, piiTypes);
      metrics.routingReasons.inc({ reason_code: decision.reason, model: known.has(decision.model) ? decision.model : 'other' });
      if (decision.refused === true) {
        throw new GatewayError(
          'GW_ERR_AUTH_FORBIDDEN',
          `This prompt holds personal data (${[...piiTypes].sort().join(', ')}) that no model of its category (${decision.category ?? 'none'}) may receive under the gateway's PII policies; remove it from the prompt or ask the operator to allow it for a model.`,
        );
      }
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
      // The upstream stage replaces it with the worker it picks (each attempt its own).
      x.upstreamHeaders['x-semantic-destination-endpoint'] = 'pending';
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
