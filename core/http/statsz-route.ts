import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { RouteRegistrar } from './gateway-router.js';

/**
 * `GET /statsz` (public, as seed 002 has it): per model requests, errors, tokens, cost and latency
 * since start, plus what plugins add (the upstream plugin: circuit breaker states), as JSON for people and scripts that do not run Prometheus. Model keys are the same
 * bounded labels /metrics uses; nothing about callers or workers.
 */
export function registerStatszRoute(routes: RouteRegistrar, metrics: GatewayMetrics, startedAt: Date, pluginSections: readonly (() => Readonly<Record<string, unknown>>)[]): void {
  routes.add({ method: 'GET', path: '/statsz', group: 'public' }, (ctx) => {
    // Plugins' sections (circuit breakers …) first: the kernel's own keys cannot be overwritten.
    const sections: Record<string, unknown> = {};
    for (const section of pluginSections) Object.assign(sections, section());
    ctx.body = { ...sections, since: startedAt.toISOString(), models: metrics.perModel.report() };
  });
}
