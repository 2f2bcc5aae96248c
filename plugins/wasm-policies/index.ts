import { defineSection, type Plugin, type PluginContribution } from '../../core/plugin-contract.js';
import { attachedPoliciesStage } from './attached-policies-stage.js';
import type { WasmConfig } from './config/wasm-config.generated.js';
import { registerDeclaredModules } from './declared-modules.js';
import type { ModuleSpec } from './module-record.js';
import { ModuleRegistry } from './module-registry.js';
import { REGISTER_SCHEMA, wasmAdminRoutes } from './wasm-admin-routes.js';
import { wasmStageConfigs } from './wasm-stage-configs.js';
import { wasmStageFamily } from './wasm-stage.js';

const WASM = defineSection<WasmConfig>('wasm', 'https://switchyard.dev/schemas/config/wasm.schema.json');

/**
 * The WASM policy host: modules registered through `/wasm` or declared in config, each a stage
 * (`wasm:<name>`) a route places, or attached to routes by the `wasm-attached` stage that heads
 * every pipeline. The registry, its runners and watchers live here.
 */
export function createWasmPoliciesPlugin(): Plugin {
  return {
    name: 'wasm-policies',
    configSections: { [WASM.key]: WASM.schemaId },
    async setup(context) {
      const config = context.section(WASM);
      const isRegistration = context.validators.guard<{ readonly modules: readonly ModuleSpec[] }>(REGISTER_SCHEMA);
      if (!config.enabled) return { routes: wasmAdminRoutes(undefined, isRegistration) };
      const registry = new ModuleRegistry(config, context.checkOnly ? undefined : context.state, context.logger, context.metrics, {
        compile: (schema) => context.validators.compileForeign(schema),
        routeConfigs: (name) => wasmStageConfigs(context.pipelines(), name),
      });
      await registry.restore();
      await registerDeclaredModules(registry, config.modules, context.logger);
      if (config.watch_roots && !context.checkOnly) registry.watchRoots();
      const contribution: PluginContribution = {
        stageFamilies: [{ prefix: 'wasm:', resolve: wasmStageFamily(registry, context.validators, context.logger) }],
        implicitStages: [attachedPoliciesStage(registry, context.validators, context.logger)],
        routes: wasmAdminRoutes(registry, isRegistration),
        close: () => {
          registry.close();
          return Promise.resolve();
        },
      };
      return contribution;
    },
  };
}
