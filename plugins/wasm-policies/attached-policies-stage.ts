import type { Logger } from 'pino';
import type { Exchange } from '../../core/pipeline/exchange.js';
import { defineStage, type AnyStageDefinition, type Next, type Stage } from '../../core/pipeline/stage-contract.js';
import type { IngressCheck, SchemaValidators } from '../../core/schema/schema-validators.js';
import type { ModuleRegistry } from './module-registry.js';
import type { RegisteredModule } from './registered-module.js';
import { POLICY_ACTION_SCHEMA_ID } from './policy-contract.js';
import { leaseFor, releaseLeases, runPolicy } from './wasm-stage.js';
import type { WasmAttachedConfig } from './config/wasm-attached-config.generated.js';
import type { WasmStageConfig } from './config/wasm-stage-config.generated.js';

export const ATTACHED_STAGE = 'wasm-attached';

/**
 * SMG's attachment: a policy registered with no `routes` runs on every protected route, one with
 * `routes` on those. This implicit stage heads every pipeline and runs them in name order, except
 * those the route places itself as `wasm:<name>` (placement decides their position instead). A
 * route opts out with `disable: [wasm-attached]`.
 */
export function attachedPoliciesStage(registry: ModuleRegistry, validators: SchemaValidators, logger: Logger): AnyStageDefinition {
  const checkOutput = validators.ingressCheck(POLICY_ACTION_SCHEMA_ID);
  return defineStage<WasmAttachedConfig>({
    name: ATTACHED_STAGE,
    configSchemaId: 'https://switchyard.dev/schemas/stages/wasm-attached.schema.json',
    create: (config, context): Stage => {
      const placed = new Set(context.route.stages.filter((name) => name.startsWith('wasm:')).map((name) => name.slice('wasm:'.length)));
      const applies = (module: RegisteredModule): boolean => {
        const routes = module.record.routes;
        return !placed.has(module.record.name) && !module.paused && (routes === undefined || routes.length === 0 || routes.includes(context.route.path));
      };
      const policyConfig = { config: {}, max_input_bytes: config.max_input_bytes };
      return {
        handle: (x: Exchange, next: Next): Promise<void> => runAttachedPolicies(registry.modules().filter(applies), x, next, policyConfig, checkOutput, logger),
        onResponseEnd: releaseLeases,
      };
    },
  });
}

/**
 * Runs `modules` one inside the other around `next`. All are leased before the first runs: the
 * later ones are reached only after the earlier ones' OnRequest, and a version replaced meanwhile
 * must still be open then (its runner closes once nothing holds it).
 */
export function runAttachedPolicies(modules: readonly RegisteredModule[], x: Exchange, next: Next, config: WasmStageConfig, checkOutput: IngressCheck, logger: Logger): Promise<void> {
  for (const module of modules) leaseFor(x, module);
  const run = (i: number): Promise<void> => {
    const module = modules[i];
    return module === undefined ? next() : runPolicy(module.record.name, module, x, () => run(i + 1), config, checkOutput, logger);
  };
  return run(0);
}
