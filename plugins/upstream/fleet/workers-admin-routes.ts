import type { WorkerConfig } from '../config/config-types.js';
import { GatewayError } from '../../../core/errors/gateway-error.js';
import type { PluginRequest, PluginRoute } from '../../../core/plugin-contract.js';
import { registerWorker, type RegistrationDeps } from './register-worker.js';
import type { Worker } from './worker.js';
import { viewOfWorker } from './worker-view.js';
import type { WorkerStore } from './worker-store.js';

const SPEC_SCHEMA = 'https://switchyard.dev/schemas/admin/worker-spec.schema.json';
const PATCH_SCHEMA = 'https://switchyard.dev/schemas/admin/worker-patch.schema.json';

type WorkerPatch = Partial<Pick<WorkerConfig, 'priority' | 'cost' | 'labels' | 'api_key' | 'health' | 'max_connections'>> & { readonly draining?: boolean };

/**
 * SMG's workers API (control plane). Config and --worker-urls workers are listed but changed only
 * by the config. A replaced or deleted worker takes no new requests; requests on it finish.
 */
export function workerAdminRoutes(deps: RegistrationDeps, store: WorkerStore, guards: { isSpec(v: unknown): v is WorkerConfig; isPatch(v: unknown): v is WorkerPatch }): PluginRoute[] {
  const existing = (request: PluginRequest, mutable: boolean): Worker => {
    const worker = deps.pool.get(request.params['id'] ?? '');
    if (worker === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', 'No such worker.');
    if (mutable && worker.source === 'config') {
      throw new GatewayError('GW_ERR_ADMIN_CONFLICT', `Worker ${worker.id} comes from the config (or --worker-urls); change it there.`);
    }
    return worker;
  };
  const specOf = (request: PluginRequest): WorkerConfig => {
    if (!guards.isSpec(request.body)) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body.');
    return request.body;
  };

  return [
    {
      method: 'POST',
      path: '/workers',
      group: 'control',
      bodySchemaId: SPEC_SCHEMA,
      async handle(request) {
        const worker = await registerWorker(specOf(request), deps);
        await store.save();
        return { status: 201, body: viewOfWorker(worker) };
      },
    },
    {
      method: 'GET',
      path: '/workers',
      group: 'control',
      handle() {
        const workers = deps.pool.workers.map(viewOfWorker);
        return { body: { workers, total: workers.length } };
      },
    },
    {
      method: 'GET',
      path: '/workers/:id',
      group: 'control',
      handle: (request) => ({ body: viewOfWorker(existing(request, false)) }),
    },
    {
      method: 'PUT',
      path: '/workers/:id',
      group: 'control',
      bodySchemaId: SPEC_SCHEMA,
      async handle(request) {
        const current = existing(request, true);
        const worker = await registerWorker(specOf(request), deps, current.id);
        await store.save();
        return { body: viewOfWorker(worker) };
      },
    },
    {
      method: 'PATCH',
      path: '/workers/:id',
      group: 'control',
      bodySchemaId: PATCH_SCHEMA,
      async handle(request) {
        if (!guards.isPatch(request.body)) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body.');
        const { draining, ...specPatch } = request.body;
        const changesSpec = Object.keys(specPatch).length > 0;
        // Draining is live state, not spec: any worker (config ones too) may be drained or resumed.
        const current = existing(request, changesSpec);
        if (!changesSpec) {
          if (draining !== undefined) current.draining = draining;
          return { body: viewOfWorker(current) };
        }
        const stillDraining = draining ?? current.draining;
        // Same URL and models: no re-registration, just a new spec (the old object drains).
        const next = deps.pool.create({ ...current.spec, ...specPatch }, 'api', current.id);
        next.models = current.models;
        next.healthy = current.healthy;
        next.draining = stillDraining;
        deps.health.unwatch(current);
        deps.pool.add(next);
        deps.health.watch(next);
        await store.save();
        return { body: viewOfWorker(next) };
      },
    },
    {
      method: 'DELETE',
      path: '/workers/:id',
      group: 'control',
      async handle(request) {
        const worker = existing(request, true);
        deps.health.unwatch(worker);
        deps.pool.remove(worker.id);
        await store.save();
        return { body: { id: worker.id, deleted: true, in_flight: worker.inFlight } };
      },
    },
  ];
}
