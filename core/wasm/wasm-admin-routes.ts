import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayContext } from '../http/gateway-context.js';
import type { RouteRegistrar } from '../http/gateway-router.js';
import { readAdminBody } from '../http/read-admin-body.js';
import type { SchemaValidators } from '../schema/schema-validators.js';
import type { ModuleSpec } from './module-record.js';
import type { ModuleRegistry } from './module-registry.js';

const REGISTER_SCHEMA = 'https://switchyard.dev/schemas/admin/wasm-register.schema.json';

/** SMG's /wasm control plane. Off (404) unless `wasm.enabled`. */
export function registerWasmRoutes(routes: RouteRegistrar, registry: ModuleRegistry | undefined, validators: SchemaValidators): void {
  const enabled = (): ModuleRegistry => {
    if (registry === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', 'WASM policies are disabled on this gateway (--enable-wasm).');
    return registry;
  };

  routes.add({ method: 'POST', path: '/wasm', group: 'control' }, async (ctx: GatewayContext) => {
    const modules = enabled();
    const body = await readAdminBody<{ modules: ModuleSpec[] }>(ctx, validators, REGISTER_SCHEMA);
    const results = [];
    for (const spec of body.modules) {
      try {
        const record = await modules.register(spec);
        results.push({ name: spec.name, file_path: spec.file_path, add_result: { Success: record.uuid } });
      } catch (err) {
        // Errors from reading and preparing say what is wrong with the module, never what exists on disk.
        results.push({ name: spec.name, file_path: spec.file_path, add_result: { Error: (err as Error).message } });
      }
    }
    ctx.body = { modules: results };
  });

  routes.add({ method: 'GET', path: '/wasm', group: 'control' }, (ctx) => {
    const modules = enabled();
    const t = modules.totals();
    ctx.body = {
      modules: modules.list(),
      metrics: {
        total_executions: t.total,
        successful_executions: t.succeeded,
        failed_executions: t.failed,
        total_time_ms: Math.round(t.totalMs * 1000) / 1000,
        max_time_ms: Math.round(t.maxMs * 1000) / 1000,
        average_time_ms: t.total === 0 ? 0 : Math.round((t.totalMs / t.total) * 1000) / 1000,
      },
    };
  });

  routes.add({ method: 'DELETE', path: '/wasm/:id', group: 'control' }, async (ctx) => {
    const uuid = ctx.params?.['id'] ?? '';
    if (!(await enabled().remove(uuid))) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', 'No such module.');
    ctx.body = { uuid, deleted: true };
  });
}
