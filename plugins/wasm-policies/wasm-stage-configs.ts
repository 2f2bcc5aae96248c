import type { PipelinesConfig } from '../../core/config/gateway-config.js';
import { recordOf } from '../../core/util/narrow-json.js';

/** Every `config` the gateway config gives the `wasm:<name>` stage, with where it is written. */
export function wasmStageConfigs(config: PipelinesConfig, name: string): { where: string; config: unknown }[] {
  const stage = `wasm:${name}`;
  const found: { where: string; config: unknown }[] = [];
  const shared = recordOf(config.stages[stage])['config'];
  if (shared !== undefined) found.push({ where: `stages.${stage}.config`, config: shared });
  for (const [path, route] of Object.entries(config.routes)) {
    const own = recordOf(route?.stages?.[stage])['config'];
    if (own !== undefined) found.push({ where: `routes.${path}.stages.${stage}.config`, config: own });
  }
  return found;
}
