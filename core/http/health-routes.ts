import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { RouteRegistrar } from './gateway-router.js';

export interface HealthSource {
  readonly draining: boolean;
  /** At least one model has a worker (configured or discovered). */
  readonly hasModels: boolean;
  /** What plugins add to `GET /health` (the classifier's models, the cache …). */
  readonly sections: Readonly<Record<string, unknown>>;
}

const LIVENESS_PATHS = ['/health', '/healthz', '/liveness', '/health/liveliness'];
const READINESS_PATHS = ['/readiness', '/health/readiness'];

/** Liveness answers while the process runs; readiness only while it should take new traffic. */
export function registerHealthRoutes(routes: RouteRegistrar, metrics: GatewayMetrics, source: () => HealthSource): void {
  for (const path of LIVENESS_PATHS) {
    routes.add({ method: 'GET', path, group: 'public' }, (ctx) => {
      // The plain liveness probes stay `{status: ok}`; /health carries the plugins' sections too.
      ctx.body = path === '/health' ? { ...source().sections, status: 'ok' } : { status: 'ok' };
    });
  }
  for (const path of READINESS_PATHS) {
    routes.add({ method: 'GET', path, group: 'public' }, (ctx) => {
      const { draining, hasModels } = source();
      const status = draining ? 'draining' : hasModels ? 'ready' : 'no_models';
      ctx.status = status === 'ready' ? 200 : 503;
      ctx.body = { status };
    });
  }
  routes.add({ method: 'GET', path: '/metrics', group: 'public' }, async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
}
