import { GatewayError } from '../../core/errors/gateway-error.js';
import { toOpenAiErrorBody } from '../../core/errors/openai-error-body.js';
import type { PluginRoute } from '../../core/plugin-contract.js';
import type { ModuleSpec } from './module-record.js';
import type { ModuleRegistry } from './module-registry.js';

export const REGISTER_SCHEMA = 'https://switchyard.dev/schemas/admin/wasm-register.schema.json';
export const PATCH_SCHEMA = 'https://switchyard.dev/schemas/admin/wasm-patch.schema.json';

export interface WasmAdminGuards {
  isRegistration(body: unknown): body is { readonly modules: readonly ModuleSpec[] };
  isPatch(body: unknown): body is { readonly enabled: boolean };
}

/** SMG's /wasm control plane. Off (404) unless `wasm.enabled`. */
export function wasmAdminRoutes(registry: ModuleRegistry | undefined, guards: WasmAdminGuards): PluginRoute[] {
  const enabled = (): ModuleRegistry => {
    if (registry === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', 'WASM policies are disabled on this gateway (--enable-wasm).');
    return registry;
  };
  return [
    {
      method: 'POST',
      path: '/wasm',
      group: 'control',
      // Validated only when enabled: a disabled gateway answers 404 whatever the body.
      async handle(request) {
        const modules = enabled();
        if (!guards.isRegistration(request.body)) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body.');
        const results = [];
        for (const spec of request.body.modules) {
          try {
            const record = await modules.register(spec);
            results.push({ name: spec.name, file_path: spec.file_path, add_result: { Success: record.uuid } });
          } catch (err) {
            // Errors from reading and preparing say what is wrong with the module, never what exists on disk.
            results.push({ name: spec.name, file_path: spec.file_path, add_result: { Error: err instanceof Error ? err.message : String(err) } });
          }
        }
        return registrationAnswer(results);
      },
      bodySchemaId: REGISTER_SCHEMA,
    },
    {
      method: 'GET',
      path: '/wasm',
      group: 'control',
      handle() {
        const modules = enabled();
        const t = modules.totals();
        return {
          body: {
            modules: modules.list(),
            metrics: {
              total_executions: t.total,
              successful_executions: t.succeeded,
              failed_executions: t.failed,
              total_time_ms: Math.round(t.totalMs * 1000) / 1000,
              max_time_ms: Math.round(t.maxMs * 1000) / 1000,
              average_time_ms: t.total === 0 ? 0 : Math.round((t.totalMs / t.total) * 1000) / 1000,
            },
          },
        };
      },
    },
    {
      // Not in SMG's API: switch a policy off (and on) without losing its registration and counters.
      method: 'PATCH',
      path: '/wasm/:id',
      group: 'control',
      bodySchemaId: PATCH_SCHEMA,
      async handle(request) {
        const modules = enabled();
        if (!guards.isPatch(request.body)) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body: send {"enabled": true|false}.');
        const record = await modules.setEnabled(request.params['id'] ?? '', request.body.enabled);
        if (record === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', 'No such module: GET /wasm lists their uuids.');
        return { body: record };
      },
    },
    {
      method: 'DELETE',
      path: '/wasm/:id',
      group: 'control',
      async handle(request) {
        const uuid = request.params['id'] ?? '';
        if (!(await enabled().remove(uuid))) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', 'No such module.');
        return { body: { uuid, deleted: true } };
      },
    },
  ];
}

interface AddOutcome {
  readonly name: string;
  readonly file_path: string;
  readonly add_result: { readonly Success: string } | { readonly Error: string };
}

/**
 * SMG's per-module results, with a status that tells the truth: 200 when every module was
 * registered, 207 when some were, 400 (with an OpenAI-shaped error beside the results) when none.
 */
function registrationAnswer(results: readonly AddOutcome[]): { status: number; body: unknown } {
  const failed = results.filter((r) => 'Error' in r.add_result);
  if (failed.length === 0) return { status: 200, body: { modules: results } };
  if (failed.length < results.length) return { status: 207, body: { modules: results } };
  const reasons = failed.map((r) => `${r.name}: ${'Error' in r.add_result ? r.add_result.Error : ''}`).join('; ');
  const error = toOpenAiErrorBody(new GatewayError('GW_ERR_ADMIN_INVALID_BODY', `No module was registered. ${reasons}`, { param: 'modules' }));
  return { status: 400, body: { ...error.body, modules: results } };
}
