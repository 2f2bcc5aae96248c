import { defineSection, type Plugin, type PluginContribution } from '../../core/plugin-contract.js';
import { attachedPoliciesStage } from './attached-policies-stage.js';
import type { WasmConfig } from './config/wasm-config.generated.js';
import type { ModuleRecord, ModuleSpec } from './module-record.js';
import { ModuleRegistry, WASM_STATE_FILE } from './module-registry.js';
import { PATCH_SCHEMA, REGISTER_SCHEMA, wasmAdminRoutes, type WasmAdminGuards } from './wasm-admin-routes.js';
import { wasmStageConfigs } from './wasm-stage-configs.js';
import { wasmStageFamily } from './wasm-stage.js';

const WASM = defineSection<WasmConfig>('wasm', 'https://switchyard.dev/schemas/config/wasm.schema.json');
const SAVED_MODULE_SCHEMA = 'https://switchyard.dev/schemas/state/wasm-module.schema.json';

/** Every setting but `modules`: what the registry, its runners and watchers were built with. */
const hostSettings = ({ modules: _modules, ...rest }: WasmConfig): string => JSON.stringify(rest);

/**
 * The WASM policy host: modules registered through `/wasm` or declared in config, each a stage
 * (`wasm:<name>`) a route places, or attached to routes by the `wasm-attached` stage that heads
 * every pipeline. The registry, its runners and watchers live here. A reload applies `wasm.modules`
 * (prepared in full before anything changes); the host's own settings need a restart.
 */
export function createWasmPoliciesPlugin(): Plugin {
  return {
    name: 'wasm-policies',
    configSections: { [WASM.key]: WASM.schemaId },
    async setup(context) {
      const config = context.section(WASM);
      const guards: WasmAdminGuards = {
        isRegistration: context.validators.guard<{ readonly modules: readonly ModuleSpec[] }>(REGISTER_SCHEMA),
        isPatch: context.validators.guard<{ readonly enabled: boolean }>(PATCH_SCHEMA),
      };
      if (!config.enabled) {
        return {
          routes: wasmAdminRoutes(undefined, guards),
          reconfigure: (next) => ({ commit: () => undefined, restartRequired: next.section(WASM).enabled ? ['wasm.enabled'] : [] }),
        };
      }
      const registry = new ModuleRegistry(config, context.checkOnly ? undefined : context.state, context.logger, context.metrics, {
        compile: (schema) => context.validators.compileForeign(schema),
        routeConfigs: (name) => wasmStageConfigs(context.pipelines(), name),
      });
      const checkSaved = context.validators.ingressCheck(SAVED_MODULE_SCHEMA);
      const isSaved = context.validators.guard<ModuleRecord>(SAVED_MODULE_SCHEMA);
      const savedCheck = {
        problem: (value: unknown) => {
          const issue = checkSaved(value);
          return issue === undefined ? undefined : `${issue.path || 'record'} ${issue.message}`;
        },
        isRecord: isSaved,
      };
      await registry.restore(savedCheck);
      // Modules registered on another replica arrive as the saved list (when state is replicated).
      const stopSharedModules = context.checkOnly ? undefined : context.state?.onChange(WASM_STATE_FILE, (saved) => registry.applySaved(saved, savedCheck));
      try {
        (await registry.prepareDeclared(config.modules)).commit();
      } catch (err) {
        registry.close();
        throw err;
      }
      if (config.watch_roots && !context.checkOnly) registry.watchRoots();
      const settings = hostSettings(config);
      const contribution: PluginContribution = {
        stageFamilies: [{ prefix: 'wasm:', resolve: wasmStageFamily(registry, context.validators, context.logger) }],
        implicitStages: [attachedPoliciesStage(registry, context.validators, context.logger)],
        routes: wasmAdminRoutes(registry, guards),
        reconfigure: async (next) => {
          const nextConfig = next.section(WASM);
          const restartRequired = hostSettings(nextConfig) === settings ? [] : ['wasm'];
          // Turned off: the loaded policies keep serving until the restart the answer asks for.
          if (!nextConfig.enabled) return { commit: () => undefined, restartRequired };
          const change = await registry.prepareDeclared(nextConfig.modules);
          return { commit: () => change.commit(), discard: () => change.discard(), restartRequired };
        },
        health: () => (registry.refusedShared.length === 0 ? {} : { wasm: { shared_modules_refused: registry.refusedShared } }),
        close: () => {
          stopSharedModules?.();
          registry.close();
          return Promise.resolve();
        },
      };
      return contribution;
    },
  };
}
