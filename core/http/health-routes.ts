import type { GatewayError } from '../errors/gateway-error.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { PACKAGE_VERSION } from '../package-root.js';
import type { RouteRegistrar } from './gateway-router.js';

export interface HealthSource {
  readonly draining: boolean;
  /** At least one model has a worker (configured or discovered). */
  readonly hasModels: boolean;
  /** What plugins add to `GET /health` (the classifier's models, the cache …); asked only there, not per probe. */
  readonly sections: () => Readonly<Record<string, unknown>>;
  /** What plugins add to the readiness answer (detail only: the status stays the kernel's). */
  readonly readinessDetail: () => Readonly<Record<string, unknown>>;
  /** A plugin's reason to refuse data-plane traffic (maintenance): readiness is then 503 with it. */
  readonly trafficHold: () => GatewayError | undefined;
}

const LIVENESS_PATHS = ['/liveness', '/health/liveliness'];
const READINESS_PATHS = ['/readiness', '/health/readiness'];
const STARTED_AT = Date.now();

/**
 * Liveness answers while the process runs; readiness only while it should take new traffic.
 * `/healthz` answers plain `OK` (as SMG's seed 002 and Kubernetes probes expect); `/health` adds
 * the version and uptime for a person checking what runs; the others answer `{"status":"ok"}`.
 */
export function registerHealthRoutes(routes: RouteRegistrar, metrics: GatewayMetrics, source: () => HealthSource): void {
  for (const path of LIVENESS_PATHS) {
    routes.add({ method: 'GET', path, group: 'public' }, (ctx) => {
      ctx.body = { status: 'ok' };
    });
  }
  routes.add({ method: 'GET', path: '/healthz', group: 'public' }, (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = 'OK';
  });
  routes.add({ method: 'GET', path: '/health', group: 'public' }, (ctx) => {
    // The plain probes stay `{status: ok}`; /health also carries what plugins add (the classifier's models …).
    ctx.body = { ...source().sections(), status: 'ok', version: PACKAGE_VERSION, uptime_seconds: Math.floor((Date.now() - STARTED_AT) / 1000) };
  });
  for (const path of READINESS_PATHS) {
    routes.add({ method: 'GET', path, group: 'public' }, (ctx) => {
      const { draining, hasModels, readinessDetail, trafficHold } = source();
      const hold = draining ? undefined : trafficHold();
      const status = draining ? 'draining' : hold !== undefined ? 'maintenance' : hasModels ? 'ready' : 'no_models';
      ctx.status = status === 'ready' ? 200 : 503;
      ctx.body = { ...readinessDetail(), status, ...(hold === undefined ? {} : { reason: hold.message }) };
    });
  }
  routes.add({ method: 'GET', path: '/metrics', group: 'public' }, async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
}
