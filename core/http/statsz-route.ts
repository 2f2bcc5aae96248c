import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { RouteRegistrar } from './gateway-router.js';

/**
 * `GET /statsz` (public, as seed 002 has it): per model requests, errors, tokens, cost and latency
 * since start, as JSON for people and scripts that do not run Prometheus. Model keys are the same
 * bounded labels /metrics uses; nothing about callers or workers.
 */
export function registerStatszRoute(routes: RouteRegistrar, metrics: GatewayMetrics, startedAt: Date): void {
  routes.add({ method: 'GET', path: '/statsz', group: 'public' }, (ctx) => {
    ctx.body = { since: startedAt.toISOString(), models: metrics.perModel.report() };
  });
}
