import type { GatewayConfig } from '../core/config/gateway-config.js';
import { recordOf, recordsOf, stringOr } from '../core/util/narrow-json.js';

/**
 * `wasm:<name>` stages the config places but does not declare in `wasm.modules`: they answer 503
 * until a module of that name is registered through POST /wasm, so config check says so.
 */
export function undeclaredWasmStages(config: GatewayConfig): string[] {
  const declared = new Set(recordsOf(recordOf(Reflect.get(config, 'wasm'))['modules']).map((m) => stringOr(m['name'])));
  const placed: [where: string, stage: string][] = config.pipeline.map((stage, i) => [`pipeline[${i}]`, stage]);
  for (const [path, route] of Object.entries(config.routes)) {
    for (const [i, stage] of (route?.pipeline ?? []).entries()) placed.push([`routes.${path}.pipeline[${i}]`, stage]);
  }
  return placed
    .filter(([, stage]) => stage.startsWith('wasm:') && !declared.has(stage.slice('wasm:'.length)))
    .map(([where, stage]) => `${where}: "${stage}" is not declared in wasm.modules; every request on that route answers 503 until a module named "${stage.slice('wasm:'.length)}" is registered through POST /wasm`);
}
