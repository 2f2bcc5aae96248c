import { PACKAGE_VERSION } from '../../core/package-root.js';
import type { Plugin } from '../../core/plugin-contract.js';
import { defineStage } from '../../core/pipeline/stage-contract.js';
import type { WorkerConfig } from './config/config-types.js';
import { MODEL_CONFIG, MODELS, PASSTHROUGH, PROVIDERS, RESILIENCE, ROUTING, SECURITY, UPSTREAM_SECTIONS, WORKERS } from './config/sections.js';
import type { UpstreamStageConfig } from './config/upstream-stage-config.generated.js';
import { withSeedPricing } from './config/with-seed-pricing.js';
import { discoverModels } from './fleet/discover-models.js';
import { FleetReport } from './fleet/fleet-report.js';
import { fleetRoutes } from './fleet/fleet-routes.js';
import { endpointHealth } from './fleet/endpoint-health.js';
import { HealthChecker } from './fleet/health-checker.js';
import { workerAdminRoutes } from './fleet/workers-admin-routes.js';
import { registerWorkerMetrics } from './fleet/worker-metrics.js';
import { WorkerPool } from './fleet/worker-pool.js';
import { WORKERS_STATE_FILE, WorkerStore } from './fleet/worker-store.js';
import { OPENAI_ROUTES } from './openai-routes.js';
import type { ProviderAdapter } from './providers/provider-contract.js';
import { ProviderRegistry } from './providers/provider-registry.js';
import { CapacityQueue } from './routing/capacity-queue.js';
import { WorkerRouter } from './routing/worker-router.js';
import { SsrfPolicy } from './ssrf/ssrf-policy.js';
import { createUpstreamStage, type UpstreamServices } from './stage/upstream-stage.js';
import { createModelCalls } from './stage/call-model.js';
import type { CountTokens } from './stage/estimate-usage.js';

export interface UpstreamPluginOptions {
  /** The wire protocols workers speak (OpenAI-compatible, Anthropic, the demo …), by runtime. */
  readonly providers: readonly ProviderAdapter[];
  /** Token counts (the tokenizers plugin's) for streams that report no usage. */
  readonly countTokens?: CountTokens;
}

const UPSTREAM_STAGE_SCHEMA_ID = 'https://switchyard.dev/schemas/stages/upstream.schema.json';
const SPEC_SCHEMA = 'https://switchyard.dev/schemas/admin/worker-spec.schema.json';
const PATCH_SCHEMA = 'https://switchyard.dev/schemas/admin/worker-patch.schema.json';

/**
 * The worker fleet and the terminal `upstream` stage: workers (config, --worker-urls, /workers),
 * their health and circuit breakers, routing policies and the capacity queue, provider adapters,
 * the SSRF policy for registered URLs, the OpenAI-compatible data-plane routes and SMG's fleet
 * routes. Everything here lives in this closure; the kernel sees routes, a stage and a model list.
 */
export function createUpstreamPlugin(options: UpstreamPluginOptions): Plugin & { readonly fleetReport: FleetReport } {
  const fleetReport = new FleetReport();
  return {
    name: 'upstream',
    fleetReport,
    configSections: Object.fromEntries(UPSTREAM_SECTIONS.map((section) => [section.key, section.schemaId])),
    async setup(context) {
      const models = withSeedPricing(context.section(MODELS), context.section(MODEL_CONFIG));
      const resilience = context.section(RESILIENCE);
      const routing = context.section(ROUTING);
      const logger = context.logger;
      const ssrf = new SsrfPolicy(context.section(SECURITY).ssrf);
      const providers = new ProviderRegistry();
      for (const provider of options.providers) providers.register(provider);
      const queue = new CapacityQueue(resilience.queue.max_waiting, resilience.queue.timeout_ms);
      const pool = new WorkerPool(
        context.section(WORKERS),
        models,
        resilience.circuit_breaker,
        {
          onBreakerChange: (worker, model, state) => logger.warn({ worker: worker.id, model, circuit: state }, 'worker circuit changed'),
          onRelease: (worker) => queue.notify(worker),
        },
        ssrf.lookup,
      );
      registerWorkerMetrics(context.metrics, pool);
      const router = new WorkerRouter(pool, { models, routing, resilience, providers: context.section(PROVIDERS) }, queue);
      const health = new HealthChecker(providers, logger);
      fleetReport.bind(pool, router);
      const registration = { pool, ssrf, providers, health, logger };
      const store = new WorkerStore(context.checkOnly ? undefined : context.state, registration, logger, context.validators.guard<WorkerConfig>(SPEC_SCHEMA));
      // A config check builds everything and contacts no worker.
      let stopDiscovery = (): void => undefined;
      let stopSharedWorkers = (): void => undefined;
      if (!context.checkOnly) {
        for (const worker of pool.workers) health.watch(worker);
        await store.restore();
        // Workers registered on another replica arrive as the saved list (when state is replicated).
        stopSharedWorkers = context.state?.onChange(WORKERS_STATE_FILE, (saved) => store.applySaved(saved)) ?? stopSharedWorkers;
        stopDiscovery = await discoverModels(pool, providers, logger);
      }

      const servicesFrom = (next: typeof context): UpstreamServices => ({
        pool,
        router,
        providers,
        retries: next.section(RESILIENCE).retries,
        models: withSeedPricing(next.section(MODELS), next.section(MODEL_CONFIG)),
        sessionHeader: next.section(ROUTING).consistent_hash.header,
        filesProvider: next.section(PASSTHROUGH).files_provider,
        countTokens: options.countTokens,
      });
      let services = servicesFrom(context);
      // While a reload prepares, the new pipelines' stages are built with the new services.
      let pending: UpstreamServices | undefined;
      let security = JSON.stringify(context.section(SECURITY));
      const discoveries: (() => void)[] = [stopDiscovery];
      return {
        stages: [
          defineStage<UpstreamStageConfig>({
            name: 'upstream',
            configSchemaId: UPSTREAM_STAGE_SCHEMA_ID,
            terminal: true,
            create: (config) => createUpstreamStage(config, pending ?? services),
          }),
        ],
        dataPlaneRoutes: OPENAI_ROUTES,
        routes: [
          ...workerAdminRoutes(registration, store, {
            isSpec: context.validators.guard<WorkerConfig>(SPEC_SCHEMA),
            isPatch: context.validators.guard(PATCH_SCHEMA),
          }),
          ...fleetRoutes(pool, providers, queue, { version: PACKAGE_VERSION, policy: routing.policy, startedAt: Date.now() }, router, context.configVersion),
        ],
        models: { list: () => pool.listModels(), has: (model) => pool.hasModel(model) },
        // Other plugins' calls to models (an embedding for the semantic cache) go through this fleet.
        modelCalls: createModelCalls(() => services),
        // Public like SMG's fleet views: worker ids (never URLs) and each model's breaker state.
        health: () => ({ endpoints: endpointHealth(pool) }),
        statsz: () => ({ circuit_breakers: pool.workers.map((worker) => ({ worker: worker.id, state: worker.circuit, models: Object.fromEntries(worker.breakerStates()) })) }),
        reconfigure(next) {
          const nextServices = servicesFrom(next);
          const nextResilience = next.section(RESILIENCE);
          const plan = pool.planConfigured(next.section(WORKERS));
          const nextSecurity = JSON.stringify(next.section(SECURITY));
          pending = nextServices;
          return {
            restartRequired: nextSecurity === security ? [] : ['security.ssrf'],
            commit() {
              pending = undefined;
              services = nextServices;
              const replaced = pool.applyConfigured(plan, nextServices.models, nextResilience.circuit_breaker);
              for (const worker of replaced) health.unwatch(worker);
              router.update({ models: nextServices.models, routing: next.section(ROUTING), resilience: nextResilience, providers: next.section(PROVIDERS) });
              queue.configure(nextResilience.queue.max_waiting, nextResilience.queue.timeout_ms);
              for (const worker of plan.remove) health.unwatch(worker);
              for (const worker of plan.add) health.watch(worker);
              security = nextSecurity;
              if (plan.add.some((w) => w.discoversModels)) {
                void discoverModels(pool, providers, logger, plan.add).then((stop) => discoveries.push(stop));
              }
              logger.info({ added: plan.add.map((w) => w.id), removed: plan.remove.map((w) => w.id), kept: plan.keep.length }, 'workers reconfigured');
            },
            discard() {
              pending = undefined;
            },
          };
        },
        async close() {
          stopSharedWorkers();
          for (const stop of discoveries) stop();
          health.close();
          await providers.close();
        },
      };
    },
  };
}
