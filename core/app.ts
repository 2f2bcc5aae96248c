import Koa from 'koa';
import type { RequestListener } from 'node:http';
import type { Logger } from 'pino';
import { createLogger } from './logging/create-logger.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { createDataPlaneHandler } from './http/data-plane-handler.js';
import { DATA_PLANE_ROUTES } from './http/data-plane-routes.js';
import { createErrorBoundary } from './http/error-boundary.js';
import type { GatewayContextExtension } from './http/gateway-context.js';
import { addRoute, createGatewayRouter } from './http/gateway-router.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { createNoRouteHandler } from './http/no-route-handler.js';
import { createRequestObserver } from './http/observe-requests.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { buildPipelines, type RoutePipeline } from './pipeline/build-pipelines.js';
import { GenerationHolder } from './pipeline/pipeline-generations.js';
import type { StageDefinition } from './pipeline/stage-contract.js';
import { StageRegistry } from './pipeline/stage-registry.js';
import type { ProviderAdapter } from './providers/provider-contract.js';
import { ProviderRegistry } from './providers/provider-registry.js';
import { loadSchemaValidators, type SchemaValidators } from './schema/schema-validators.js';
import { discoverModels } from './workers/discover-models.js';
import { WorkerPool } from './workers/worker-pool.js';

/** What a gateway is made of besides the kernel: built-in or third-party stages and providers. */
export interface GatewayPlugins {
  readonly stages: readonly StageDefinition<never>[];
  readonly providers: readonly ProviderAdapter[];
}

export interface CreateAppOptions {
  readonly plugins: GatewayPlugins;
  readonly logger?: Logger;
  readonly validators?: SchemaValidators;
  /** The missing-`await next()` guard; on unless NODE_ENV=production. */
  readonly guardMissingAwait?: boolean;
}

export interface GatewayApp {
  readonly koa: Koa<Record<string, never>, GatewayContextExtension>;
  readonly config: GatewayConfig;
  readonly workers: WorkerPool;
  readonly metrics: GatewayMetrics;
  readonly generations: GenerationHolder;
  readonly logger: Logger;
  callback(): RequestListener;
  /** Readiness turns 503 and responses ask clients to close their connections. */
  startDraining(): void;
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

  const stageRegistry = new StageRegistry();
  for (const stage of options.plugins.stages) stageRegistry.register(stage);
  const providers = new ProviderRegistry();
  for (const provider of options.plugins.providers) providers.register(provider);

  const workers = new WorkerPool(config.workers, config.models);
  const metrics = new GatewayMetrics();
  const build = (cfg: GatewayConfig): Promise<Map<string, RoutePipeline>> =>
    buildPipelines({
      config: cfg,
      routes: DATA_PLANE_ROUTES,
      registry: stageRegistry,
      validators,
      guardMissingAwait,
      depsFor: (routePath) => ({ logger: logger.child({ route: routePath }), workers, providers, routePath }),
    });
  const generations = new GenerationHolder(await build(config));
  const stopDiscovery = await discoverModels(workers, providers, logger);

  let draining = false;
  const koa = new Koa<Record<string, never>, GatewayContextExtension>();
  koa.silent = true;
  const router = createGatewayRouter();
  registerHealthRoutes(router, metrics, () => ({ draining, hasModels: workers.listModels().length > 0 }));
  addRoute(router, metrics, 'GET', '/v1/models', (ctx) => {
    ctx.body = { object: 'list', data: workers.listModels() };
  });
  for (const route of DATA_PLANE_ROUTES) {
    addRoute(
      router,
      metrics,
      route.method,
      route.path,
      createDataPlaneHandler({
        route,
        checkBody: validators.ingressCheck(route.requestSchemaId),
        generations,
        bodyLimitBytes: config.server.body_limit_bytes,
      }),
    );
  }

  koa.use(createRequestObserver(metrics, workers));
  koa.use(createErrorBoundary(logger));
  koa.use(async (ctx, next) => {
    if (draining) ctx.set('connection', 'close');
    await next();
  });
  koa.use(router.routes());
  koa.use(createNoRouteHandler(router));

  return {
    koa,
    config,
    workers,
    metrics,
    generations,
    logger,
    callback: () => koa.callback(),
    startDraining: () => {
      draining = true;
    },
    get draining() {
      return draining;
    },
    rebuildPipelines: async (next) => {
      const pipelines = await build(next);
      return { retired: generations.swap(pipelines).retired };
    },
    close: async () => {
      stopDiscovery();
      await generations.close();
      await providers.close();
    },
  };
}
