import { GatewayError } from '../errors/gateway-error.js';
import type { RouteRegistrar } from '../http/gateway-router.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { WorkerPool } from './worker-pool.js';

const FLEET_CALL_TIMEOUT_MS = 5000;

export interface FleetInfo {
  readonly version: string;
  readonly policy: string;
  readonly startedAt: number;
}

/** SMG's fleet-wide routes: loads, cache flush, model and server info, engine metrics, health_generate. */
export function registerFleetRoutes(routes: RouteRegistrar, pool: WorkerPool, providers: ProviderRegistry, info: FleetInfo): void {
  routes.add({ method: 'GET', path: '/get_loads', group: 'control' }, (ctx) => {
    // The gateway sends at once rather than queueing, so nothing is ever queued here.
    ctx.body = { workers: pool.workers.map((w) => ({ id: w.id, url: w.url, load: w.inFlight, in_flight: w.inFlight, queued: 0 })) };
  });

  routes.add({ method: 'POST', path: '/flush_cache', group: 'control' }, async (ctx) => {
    const results = await Promise.all(
      pool.workers.map(async (w) => {
        const provider = providers.forRuntime(w.runtime);
        if (provider.flushCache === undefined) return { id: w.id, url: w.url, status: 'unsupported' };
        try {
          const status = await provider.flushCache(w, AbortSignal.timeout(FLEET_CALL_TIMEOUT_MS));
          return { id: w.id, url: w.url, status: status === undefined ? 'unsupported' : status < 300 ? 'flushed' : `failed (HTTP ${status})` };
        } catch {
          return { id: w.id, url: w.url, status: 'unreachable' };
        }
      }),
    );
    ctx.body = { results };
  });

  routes.add({ method: 'GET', path: '/engine_metrics', group: 'public' }, async (ctx) => {
    const texts = await Promise.all(
      pool.workers.map(async (w) => {
        const provider = providers.forRuntime(w.runtime);
        const text = await provider.fetchMetrics?.(w, AbortSignal.timeout(FLEET_CALL_TIMEOUT_MS)).catch(() => undefined);
        // Public (as in SMG): worker ids only, never their addresses.
        return text === undefined ? '' : `# worker ${w.id}\n${text.trimEnd()}\n`;
      }),
    );
    ctx.type = 'text/plain; version=0.0.4; charset=utf-8';
    ctx.body = texts.join('');
  });

  routes.add({ method: 'GET', path: '/get_model_info', group: 'public' }, (ctx) => {
    const models = pool.listModels();
    ctx.body = { model_path: models[0]?.id ?? null, models };
  });

  routes.add({ method: 'GET', path: '/get_server_info', group: 'public' }, (ctx) => {
    // Public: counts and settings only, never worker addresses.
    ctx.body = {
      name: 'switchyard',
      version: info.version,
      policy: info.policy,
      workers: pool.workers.length,
      healthy_workers: pool.workers.filter((w) => w.routable).length,
      models: pool.listModels().length,
      uptime_s: Math.floor((Date.now() - info.startedAt) / 1000),
    };
  });

  routes.add({ method: 'GET', path: '/health_generate', group: 'public' }, async (ctx) => {
    const worker = pool.workers.find((w) => w.routable && w.models.size > 0);
    if (worker === undefined) throw new GatewayError('GW_ERR_ROUTING_NO_WORKER', 'No healthy worker can generate.');
    const model = [...worker.models][0]!;
    try {
      const reply = await providers.forRuntime(worker.runtime).send({
        worker,
        operation: 'chat.completions',
        body: { model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 },
        requestId: ctx.observation.requestId,
        signal: AbortSignal.timeout(FLEET_CALL_TIMEOUT_MS),
        timeouts: { connectMs: FLEET_CALL_TIMEOUT_MS, headersMs: FLEET_CALL_TIMEOUT_MS, idleMs: FLEET_CALL_TIMEOUT_MS },
      });
      reply.body.resume();
      if (reply.status >= 300) throw new Error(`HTTP ${reply.status}`);
    } catch {
      throw new GatewayError('GW_ERR_ROUTING_NO_WORKER', 'The health generation failed.');
    }
    ctx.body = { status: 'ok', worker: worker.id, model };
  });
}
