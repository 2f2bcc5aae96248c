import { GatewayError } from '../../../core/errors/gateway-error.js';
import type { PluginRoute } from '../../../core/plugin-contract.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { WorkerPool } from './worker-pool.js';

const FLEET_CALL_TIMEOUT_MS = 5000;

export interface FleetInfo {
  readonly version: string;
  readonly policy: string;
  readonly startedAt: number;
}

/** SMG's fleet-wide routes: loads, cache flush, model and server info, engine metrics, health_generate. */
export function fleetRoutes(pool: WorkerPool, providers: ProviderRegistry, queue: { readonly length: number }, info: FleetInfo, router: { policies(): readonly { model: string; policy: string }[] }, configVersion: () => string): PluginRoute[] {
  const routes: PluginRoute[] = [];
  const add = (method: PluginRoute['method'], path: string, group: PluginRoute['group'], handle: PluginRoute['handle']): void => {
    routes.push({ method, path, group, handle });
  };

  add('GET', '/get_loads', 'control', () => ({
    // Requests waiting for a free slot wait in the gateway's queue, not at any one worker.
    body: { workers: pool.workers.map((w) => ({ id: w.id, url: w.url, load: w.inFlight, in_flight: w.inFlight, max_in_flight: w.maxInFlight })), queued: queue.length },
  }));

  // seed 003's /router/info: each model's routing strategy, its state, and the config version.
  add('GET', '/router/info', 'control', () => ({
    body: {
      config_version: configVersion(),
      strategies: router.policies().map(({ model, policy }) => {
        const workers = pool.workersFor(model);
        const available = workers.filter((w) => w.acceptsModel(model)).length;
        return { model, strategy: policy, state: available > 0 ? 'active' : 'unavailable', workers: workers.length, available_workers: available, version: configVersion() };
      }),
    },
  }));

  add('POST', '/flush_cache', 'control', async () => {
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
    return { body: { results } };
  });

  add('GET', '/engine_metrics', 'public', async () => {
    const texts = await Promise.all(
      pool.workers.map(async (w) => {
        const provider = providers.forRuntime(w.runtime);
        const text = await provider.fetchMetrics?.(w, AbortSignal.timeout(FLEET_CALL_TIMEOUT_MS)).catch(() => undefined);
        // Public (as in SMG): worker ids only, never their addresses.
        return text === undefined ? '' : `# worker ${w.id}\n${text.trimEnd()}\n`;
      }),
    );
    return { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }, body: texts.join('') };
  });

  add('GET', '/get_model_info', 'public', () => {
    const models = pool.listModels();
    return { body: { model_path: models[0]?.id ?? null, models } };
  });

  add('GET', '/get_server_info', 'public', () => ({
    // Public: counts and settings only, never worker addresses.
    body: {
      name: 'switchyard',
      version: info.version,
      policy: info.policy,
      workers: pool.workers.length,
      healthy_workers: pool.workers.filter((w) => w.routable).length,
      models: pool.listModels().length,
      uptime_s: Math.floor((Date.now() - info.startedAt) / 1000),
    },
  }));

  add('GET', '/health_generate', 'public', async (request) => {
    const worker = pool.workers.find((w) => w.routable && w.models.size > 0);
    if (worker === undefined) throw new GatewayError('GW_ERR_ROUTING_NO_WORKER', 'No healthy worker can generate.');
    const model = [...worker.models][0]!;
    try {
      const reply = await providers.forRuntime(worker.runtime).send({
        worker,
        operation: 'chat.completions',
        body: { model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 },
        requestId: request.requestId,
        signal: AbortSignal.timeout(FLEET_CALL_TIMEOUT_MS),
        timeouts: { connectMs: FLEET_CALL_TIMEOUT_MS, headersMs: FLEET_CALL_TIMEOUT_MS, idleMs: FLEET_CALL_TIMEOUT_MS },
      });
      reply.body.resume();
      if (reply.status >= 300) throw new Error(`HTTP ${reply.status}`);
    } catch {
      throw new GatewayError('GW_ERR_ROUTING_NO_WORKER', 'The health generation failed.');
    }
    return { body: { status: 'ok', worker: worker.id, model } };
  });
  return routes;
}
