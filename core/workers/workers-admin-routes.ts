import type { WorkerConfig } from '../config/gateway-config.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayContext } from '../http/gateway-context.js';
import type { RouteRegistrar } from '../http/gateway-router.js';
import { readAdminBody } from '../http/read-admin-body.js';
import type { SchemaValidators } from '../schema/schema-validators.js';
import { registerWorker, type RegistrationDeps } from './register-worker.js';
import type { Worker } from './worker.js';
import { viewOfWorker } from './worker-view.js';
import type { WorkerStore } from './worker-store.js';

const SPEC_SCHEMA = 'https://switchyard.dev/schemas/admin/worker-spec.schema.json';
const PATCH_SCHEMA = 'https://switchyard.dev/schemas/admin/worker-patch.schema.json';

type WorkerPatch = Partial<Pick<WorkerConfig, 'priority' | 'cost' | 'labels' | 'api_key' | 'health'>>;

/**
 * SMG's workers API (control plane). Config and --worker-urls workers are listed but changed only
 * by the config. A replaced or deleted worker takes no new requests; requests on it finish.
 */
export function registerWorkerRoutes(routes: RouteRegistrar, deps: RegistrationDeps, store: WorkerStore, validators: SchemaValidators): void {
  const existing = (ctx: GatewayContext, mutable: boolean): Worker => {
    const worker = deps.pool.get(ctx.params?.['id'] ?? '');
    if (worker === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', 'No such worker.');
    if (mutable && worker.source === 'config') {
      throw new GatewayError('GW_ERR_ADMIN_CONFLICT', `Worker ${worker.id} comes from the config (or --worker-urls); change it there.`);
    }
    return worker;
  };

  routes.add({ method: 'POST', path: '/workers', group: 'control' }, async (ctx) => {
    const spec = await readAdminBody<WorkerConfig>(ctx, validators, SPEC_SCHEMA);
    const worker = await registerWorker(spec, deps);
    await store.save();
    ctx.status = 201;
    ctx.body = viewOfWorker(worker);
  });

  routes.add({ method: 'GET', path: '/workers', group: 'control' }, (ctx) => {
    const workers = deps.pool.workers.map(viewOfWorker);
    ctx.body = { workers, total: workers.length };
  });

  routes.add({ method: 'GET', path: '/workers/:id', group: 'control' }, (ctx) => {
    ctx.body = viewOfWorker(existing(ctx, false));
  });

  routes.add({ method: 'PUT', path: '/workers/:id', group: 'control' }, async (ctx) => {
    const current = existing(ctx, true);
    const spec = await readAdminBody<WorkerConfig>(ctx, validators, SPEC_SCHEMA);
    const worker = await registerWorker(spec, deps, current.id);
    await store.save();
    ctx.body = viewOfWorker(worker);
  });

  routes.add({ method: 'PATCH', path: '/workers/:id', group: 'control' }, async (ctx) => {
    const current = existing(ctx, true);
    const patch = await readAdminBody<WorkerPatch>(ctx, validators, PATCH_SCHEMA);
    // Same URL and models: no re-registration, just a new spec (the old object drains).
    const next = deps.pool.create({ ...current.spec, ...patch }, 'api', current.id);
    next.models = current.models;
    next.healthy = current.healthy;
    deps.health.unwatch(current);
    deps.pool.add(next);
    deps.health.watch(next);
    await store.save();
    ctx.body = viewOfWorker(next);
  });

  routes.add({ method: 'DELETE', path: '/workers/:id', group: 'control' }, async (ctx) => {
    const worker = existing(ctx, true);
    deps.health.unwatch(worker);
    deps.pool.remove(worker.id);
    await store.save();
    ctx.body = { id: worker.id, deleted: true, in_flight: worker.inFlight };
  });
}
