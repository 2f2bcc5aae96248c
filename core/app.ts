import Koa from 'koa';
import type { RequestListener } from 'node:http';
import type { Logger } from 'pino';
import { createLogger } from './logging/create-logger.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { createDataPlaneHandler } from './http/data-plane-handler.js';
import { createInFlightLimit } from './http/in-flight-limit.js';
import { ActiveStreams } from './http/active-streams.js';
import type { BodyLimits } from './http/read-route-body.js';
import { DATA_PLANE_ROUTES, type DataPlaneRoute } from './http/data-plane-routes.js';
import { createErrorBoundary } from './http/error-boundary.js';
import type { GatewayContextExtension } from './http/gateway-context.js';
import { RouteRegistrar, type RouteTableEntry } from './http/gateway-router.js';
import { Authenticator } from './auth/authenticator.js';
import { recordsFromConfig } from './auth/configured-keys.js';
import { createJwtVerifier } from './auth/jwt-verifier.js';
import { KeyStore } from './auth/key-store.js';
import { registerKeyRoutes } from './auth/keys-admin-routes.js';
import { createRouteGuard } from './auth/route-guards.js';
import type { StateDirectory } from './state/state-directory.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { createNoRouteHandler } from './http/no-route-handler.js';
import { createRequestObserver } from './http/observe-requests.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { buildPipelines, type RoutePipeline } from './pipeline/build-pipelines.js';
import { GenerationHolder } from './pipeline/pipeline-generations.js';
import type { StageDefinition } from './pipeline/stage-contract.js';
import { StageRegistry } from './pipeline/stage-registry.js';
import { SharedServices } from './pipeline/shared-services.js';
import type { ProviderAdapter } from './providers/provider-contract.js';
import { ProviderRegistry } from './providers/provider-registry.js';
import { loadSchemaValidators, type SchemaValidators } from './schema/schema-validators.js';
import { discoverModels } from './workers/discover-models.js';
import { WorkerPool } from './workers/worker-pool.js';
import { HealthChecker } from './workers/health-checker.js';
import { WorkerRouter } from './routing/worker-router.js';
import { CapacityQueue } from './routing/capacity-queue.js';
import { SsrfPolicy } from './security/ssrf-policy.js';
import { registerWorkerMetrics } from './metrics/worker-metrics.js';
import { WorkerStore } from './workers/worker-store.js';
import { ModuleRegistry } from './wasm/module-registry.js';
import { registerDeclaredModules } from './wasm/declared-modules.js';
import { registerWasmRoutes } from './wasm/wasm-admin-routes.js';
import { wasmStageFamily } from './wasm/wasm-stage.js';
import { attachedPoliciesStage } from './wasm/attached-policies-stage.js';
import { wasmStageConfigs } from './wasm/wasm-stage-configs.js';
import { registerWorkerRoutes } from './workers/workers-admin-routes.js';
import { registerFleetRoutes } from './workers/fleet-routes.js';
import { PACKAGE_VERSION } from './package-root.js';

/** What a gateway is made of besides the kernel: built-in or third-party stages and providers. */
export interface GatewayPlugins {
  readonly stages: readonly StageDefinition<never>[];
  readonly providers: readonly ProviderAdapter[];
  /** Extra pipeline-backed routes, e.g. other client APIs spoken through a dialect. */
  readonly routes?: readonly DataPlaneRoute[];
}

export interface CreateAppOptions {
  readonly plugins: GatewayPlugins;
  readonly logger?: Logger;
  readonly validators?: SchemaValidators;
  /** The missing-`await next()` guard; on unless NODE_ENV=production. */
  readonly guardMissingAwait?: boolean;
  /** Where API-managed keys (and later workers, modules …) persist; none: kept in memory only. */
  readonly state?: StateDirectory;
}

export interface GatewayApp {
  readonly koa: Koa<Record<string, never>, GatewayContextExtension>;
  readonly config: GatewayConfig;
  readonly workers: WorkerPool;
  readonly metrics: GatewayMetrics;
  readonly generations: GenerationHolder;
  readonly logger: Logger;
  readonly keys: KeyStore;
  /** Every route the router has, with its group (the auth matrix test reads this). */
  routeTable(): RouteTableEntry[];
  callback(): RequestListener;
  /** Readiness turns 503 and responses ask clients to close their connections. */
  startDraining(): void;
  /** At the drain deadline: every stream still running ends with an in-band error event. */
  interruptStreams(): void;
  readonly draining: boolean;
  /** Rebuilds every route pipeline from a new config and swaps them in atomically. */
  rebuildPipelines(config: GatewayConfig): Promise<{ retired: Promise<void> }>;
  /** Waits for in-flight requests of the current generation, then releases every resource. */
  close(): Promise<void>;
}

/** Assembles the gateway from a validated config. Never listens: core/server.ts does. */
export async function createApp(config: GatewayConfig, options: CreateAppOptions): Promise<GatewayApp> {
  const logger = options.logger ?? createLogger(config.log.level);
  const validators = options.validators ?? loadSchemaValidators();
  const guardMissingAwait = options.guardMissingAwait ?? process.env['NODE_ENV'] !== 'production';

  const dataPlaneRoutes = [...DATA_PLANE_ROUTES, ...(options.plugins.routes ?? [])];
  const stageRegistry = new StageRegistry();
  for (const stage of options.plugins.stages) stageRegistry.register(stage);
  const metrics = new GatewayMetrics();
  // WASM policies are stages too (`wasm:<name>`), so their registry exists before pipelines are built.
  const wasmModules = config.wasm.enabled
    ? new ModuleRegistry(config.wasm, options.state, logger, metrics.registry, {
        compile: (schema) => validators.compileForeign(schema),
        routeConfigs: (name) => wasmStageConfigs(config, name),
      })
    : undefined;
  await wasmModules?.restore();
  await registerDeclaredModules(wasmModules, config.wasm.modules, logger);
  if (config.wasm.watch_roots) wasmModules?.watchRoots();
  if (wasmModules !== undefined) {
    stageRegistry.registerFamily('wasm:', wasmStageFamily(wasmModules, validators, logger));
    stageRegistry.registerImplicit(attachedPoliciesStage(wasmModules, validators, logger));
  }
  const providers = new ProviderRegistry();
  for (const provider of options.plugins.providers) providers.register(provider);

  const ssrf = new SsrfPolicy(config.security.ssrf);
  const queue = new CapacityQueue(config.resilience.queue.max_waiting, config.resilience.queue.timeout_ms);
  const workers = new WorkerPool(
    config.workers,
    config.models,
    config.resilience.circuit_breaker,
    {
      onBreakerChange: (worker, model, state) => logger.warn({ worker: worker.id, model, circuit: state }, 'worker circuit changed'),
      onRelease: (worker) => queue.notify(worker),
    },
    ssrf.lookup,
  );
  registerWorkerMetrics(metrics.registry, workers);
  const router = new WorkerRouter(workers, config, queue);
  const health = new HealthChecker(providers, logger);
  for (const worker of workers.workers) health.watch(worker);
  const shared = new SharedServices();
  const build = (cfg: GatewayConfig): Promise<Map<string, RoutePipeline>> =>
    buildPipelines({
      config: cfg,
      routes: dataPlaneRoutes,
      registry: stageRegistry,
      validators,
      guardMissingAwait,
      depsFor: (routePath, routeStages) => ({
        logger: logger.child({ route: routePath }),
        config: cfg,
        shared,
        metricsRegistry: metrics.registry,
        state: options.state,
        workers,
        router,
        providers,
        routePath,
        routeStages,
      }),
    });
  const generations = new GenerationHolder(await build(config));
  const stopDiscovery = await discoverModels(workers, providers, logger);

  let draining = false;
  const koa = new Koa<Record<string, never>, GatewayContextExtension>();
  koa.silent = true;
  const startedAt = new Date().toISOString();
  const keys = await KeyStore.open(
    [...recordsFromConfig(config.auth.api_keys, false, startedAt), ...recordsFromConfig(config.auth.control_plane_api_keys, true, startedAt)],
    options.state,
  );
  const jwt = config.auth.jwt === undefined ? undefined : createJwtVerifier(config.auth.jwt);
  const authenticator = new Authenticator(keys, jwt, config.auth.control_plane_api_keys.length > 0 || jwt !== undefined, config.auth.anonymous);
  const audit = logger.child({ channel: 'audit' });
  const routes = new RouteRegistrar(metrics, (spec) => createRouteGuard(spec, authenticator, audit));

  registerHealthRoutes(routes, metrics, () => ({ draining, hasModels: workers.listModels().length > 0 }));
  routes.add({ method: 'GET', path: '/v1/models', group: 'public' }, (ctx) => {
    ctx.body = { object: 'list', data: workers.listModels() };
  });
  registerKeyRoutes(routes, keys, validators);
  const registration = { pool: workers, ssrf, providers, health, logger };
  const workerStore = new WorkerStore(options.state, registration, logger);
  await workerStore.restore();
  registerWorkerRoutes(routes, registration, workerStore, validators);
  registerWasmRoutes(routes, wasmModules, validators);
  registerFleetRoutes(routes, workers, providers, { version: PACKAGE_VERSION, policy: config.routing.policy, startedAt: Date.now() });
  const inFlight = createInFlightLimit(config.server.max_in_flight);
  const activeStreams = new ActiveStreams();
  for (const route of dataPlaneRoutes) {
    const handler = createDataPlaneHandler({
      route,
      checkBody: route.requestSchemaId === undefined ? undefined : validators.ingressCheck(route.requestSchemaId),
      generations,
      bodyLimits: bodyLimitsFor(config, route.path),
      inFlight,
      activeStreams,
    });
    for (const method of route.methods) {
      routes.add(
        {
          method,
          path: route.path,
          group: 'protected',
          ...(route.acceptsXApiKey === true ? { acceptsXApiKey: true } : {}),
          ...(route.dialect === undefined ? {} : { formatError: route.dialect.formatError }),
        },
        handler,
      );
    }
  }

  koa.use(createRequestObserver(metrics, workers));
  koa.use(createErrorBoundary(logger));
  koa.use(async (ctx, next) => {
    if (draining) ctx.set('connection', 'close');
    await next();
  });
  koa.use(routes.router.routes());
  koa.use(createNoRouteHandler(routes.router));

  return {
    koa,
    config,
    workers,
    metrics,
    generations,
    logger,
    keys,
    routeTable: () => routes.table(),
    callback: () => koa.callback(),
    startDraining: () => {
      draining = true;
    },
    interruptStreams: () => activeStreams.interruptAll(),
    get draining() {
      return draining;
    },
    rebuildPipelines: async (next) => {
      const pipelines = await build(next);
      return { retired: generations.swap(pipelines).retired };
    },
    close: async () => {
      stopDiscovery();
      health.close();
      await generations.close();
      await shared.close();
      wasmModules?.close();
      await providers.close();
    },
  };
}

/** The server's body limits with the route's own over them. */
function bodyLimitsFor(config: GatewayConfig, path: string): BodyLimits {
  const own = Object.hasOwn(config.routes, path) ? config.routes[path]?.body : undefined;
  return {
    maxBytes: own?.max_bytes ?? config.server.body_limit_bytes,
    json: {
      maxDepth: own?.json_max_depth ?? config.server.json_max_depth,
      maxContainers: own?.json_max_containers ?? config.server.json_max_containers,
    },
  };
}
