import Koa from 'koa';
import type { RequestListener } from 'node:http';
import type { Logger } from 'pino';
import { Authenticator } from './auth/authenticator.js';
import { recordsFromConfig } from './auth/configured-keys.js';
import type { AnyGrantDefinition } from './auth/grants.js';
import { createJwtVerifier } from './auth/jwt-verifier.js';
import { KEYS_STATE_FILE, KeyStore } from './auth/key-store.js';
import { registerKeyRoutes } from './auth/keys-admin-routes.js';
import { createStoredKeyReader } from './auth/read-stored-key.js';
import { createRouteGuard } from './auth/route-guards.js';
import { composeSchemas } from './config/compose-schemas.js';
import type { GatewayConfig, PipelinesConfig } from './config/gateway-config.js';
import { ActiveStreams } from './http/active-streams.js';
import { createDataPlaneHandler } from './http/data-plane-handler.js';
import { createDataPlaneAccess, type DataPlaneAccess } from './http/data-plane-access.js';
import { dispatchUpgrades, type UpgradeListener } from './http/dispatch-upgrades.js';
import type { DataPlaneRoute } from './http/data-plane-routes.js';
import { createErrorBoundary } from './http/error-boundary.js';
import type { GatewayContextExtension } from './http/gateway-context.js';
import { RouteRegistrar, type RouteTableEntry } from './http/gateway-router.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { registerStatszRoute } from './http/statsz-route.js';
import { createInFlightLimit } from './http/in-flight-limit.js';
import { createNoRouteHandler } from './http/no-route-handler.js';
import { createRequestObserver } from './http/observe-requests.js';
import { createCors } from './http/cors.js';
import { anthropicModelList } from './http/anthropic-model-list.js';
import { registerPluginRoute } from './http/plugin-routes.js';
import type { BodyLimits } from './http/read-route-body.js';
import { createLogger } from './logging/create-logger.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { buildPipelines, type RoutePipeline } from './pipeline/build-pipelines.js';
import { combineObservers, combineTrafficHolds, combineWatchers } from './combine-plugin-hooks.js';
import { StageStatsTable } from './pipeline/stage-stats.js';
import { GenerationHolder } from './pipeline/pipeline-generations.js';
import type { StageContext } from './pipeline/stage-contract.js';
import { StageRegistry } from './pipeline/stage-registry.js';
import { configVersionOf } from './config/config-version.js';
import { ConfigReloader, OVERLAY_FILE, type ConfigSource, type ReloadOutcome } from './config/config-reloader.js';
import { registerConfigRoutes } from './config/config-routes.js';
import { resolveConfig } from './config/load-config.js';
import { registerPluginSchemas, schemaExtensionsOf, type GatewayAddress, type ModelCalls, type ModelCatalog, type Reconfiguration, type RouteStages, type UpgradeRoute, type Plugin, type PluginContext, type PluginContribution, type SectionKey } from './plugin-contract.js';
import { loadSchemaValidators, type SchemaValidators } from './schema/schema-validators.js';
import type { StateDirectory } from './state/state-directory.js';

export interface CreateAppOptions {
  /** Everything besides the kernel: the worker fleet, limits, WASM policies … (bin/ passes the built-ins). */
  readonly plugins: readonly Plugin[];
  readonly logger?: Logger;
  readonly validators?: SchemaValidators;
  /** The missing-`await next()` guard; on unless NODE_ENV=production. */
  readonly guardMissingAwait?: boolean;
  /** Where API-managed state persists; none: kept in memory only. */
  readonly state?: StateDirectory;
  /** `config check`: build everything, contact nothing (no discovery, no health checks). */
  readonly checkOnly?: boolean;
  /** Where the config came from, so it can be re-read (`/config/reload`, SIGHUP, watching). */
  readonly configSource?: ConfigSource;
}

export interface GatewayApp {
  readonly koa: Koa<Record<string, never>, GatewayContextExtension>;
  readonly config: GatewayConfig;
  readonly metrics: GatewayMetrics;
  readonly generations: GenerationHolder;
  readonly logger: Logger;
  readonly keys: KeyStore;
  /** The models the plugins serve (`/v1/models`). */
  readonly models: ModelCatalog;
  /** Every route the router has, with its group (the auth matrix test reads this). */
  routeTable(): RouteTableEntry[];
  callback(): RequestListener;
  /** The server's `upgrade` listener: WebSocket and other upgrades, routed to the plugin serving the path. */
  upgradeListener(address: GatewayAddress): UpgradeListener;
  /** Readiness turns 503 and responses ask clients to close their connections. */
  startDraining(): void;
  /** At the drain deadline: every stream still running ends with an in-band error event. */
  interruptStreams(): void;
  readonly draining: boolean;
  /**
   * Applies a new, validated config without a restart: every plugin prepares from it, the pipelines
   * are built, and only then everything is committed and the pipelines swapped in one step. In-flight
   * requests finish on the generation they started on. Any failure changes nothing (it throws).
   */
  reload(config: GatewayConfig): Promise<ReloadResult>;
  /** Re-reads the config source (and sync, overlay) and applies it; throws with every problem. */
  reloadFromSources(reason: string): Promise<ReloadOutcome>;
  /** The config in force and its short version hash. */
  readonly currentConfig: GatewayConfig;
  readonly configVersion: string;
  /** Waits for in-flight requests of the current generation, then releases every resource. */
  close(): Promise<void>;
}

const NO_MODELS: ModelCatalog = { list: () => [], has: () => false };

export interface ReloadResult {
  readonly version: string;
  /** Settings that changed but only apply after a restart (the rest was applied). */
  readonly restartRequired: readonly string[];
  /** Resolves when the previous generation has drained and closed. */
  readonly retired: Promise<void>;
}

/** Kernel settings a running process cannot change: named, never silently ignored. */
const RESTART_ONLY_NAMES = ['server.host', 'server.port', 'server.state_dir', 'server.max_connections', 'server.headers_timeout_ms', 'server.request_timeout_ms'] as const;

function restartOnlyChanges(before: GatewayConfig, after: GatewayConfig): string[] {
  return RESTART_ONLY_NAMES.filter((name) => {
    const [, key] = name.split('.') as [string, keyof GatewayConfig['server']];
    return before.server[key] !== after.server[key];
  });
}

/**
 * Assembles the gateway from a validated config and its plugins. Never listens: core/server.ts
 * does. The kernel knows no stage, worker or policy by name: it sets the plugins up, registers
 * what they contribute, and runs requests through the route pipelines they build.
 */
export async function createApp(config: GatewayConfig, options: CreateAppOptions): Promise<GatewayApp> {
  const logger = options.logger ?? createLogger(config.log.level);
  const validators = options.validators ?? loadSchemaValidators();
  const guardMissingAwait = options.guardMissingAwait ?? process.env['NODE_ENV'] !== 'production';
  registerPluginSchemas(options.plugins, validators);
  const extensions = schemaExtensionsOf(options.plugins);
  const schemas = composeSchemas(validators, extensions);
  const metrics = new GatewayMetrics();
  let draining = false;
  let generations: GenerationHolder | undefined;
  const stageStats = new StageStatsTable();
  let current = config;
  let version = configVersionOf(config);

  // Plugins get the data plane at setup, but routes and pipelines exist only after every setup.
  const built: { access?: DataPlaneAccess } = {};
  const access = (): DataPlaneAccess => {
    if (built.access === undefined) throw new Error('The data plane is not built yet: use context.dataPlane after setup.');
    return built.access;
  };
  const dataPlane: DataPlaneAccess = {
    route: (path) => access().route(path),
    authorize: (route, headers) => access().authorize(route, headers),
    checkBody: (route, body) => access().checkBody(route, body),
    lease: (route, terminal) => access().lease(route, terminal),
  };
  // The same for calls to models: offered by a plugin's setup, used by stages after it.
  let modelCaller: ModelCalls | undefined;
  const modelCalls: ModelCalls = {
    call: (request) => (modelCaller === undefined ? Promise.reject(new Error('No plugin offers calls to models.')) : modelCaller.call(request)),
  };
  const contributions: { readonly plugin: Plugin; readonly contribution: PluginContribution }[] = [];
  const closeAll = async (): Promise<void> => {
    for (const { plugin, contribution } of contributions.splice(0).reverse()) {
      await contribution.close?.().catch((err: unknown) => logger.error({ plugin: plugin.name, reason: err instanceof Error ? err.message : String(err) }, 'plugin failed to close'));
    }
  };
  try {
    for (const plugin of options.plugins) {
      const context = pluginContext(plugin, config, validators, metrics, logger, options.state, () => draining, options.checkOnly === true, () => generations?.config ?? config, () => version, () => routeStagesOf(generations, stageStats), dataPlane, modelCalls);
      contributions.push({ plugin, contribution: await plugin.setup(context) });
    }
  } catch (err) {
    await closeAll();
    throw err;
  }

  const stageRegistry = new StageRegistry();
  const dataPlaneRoutes: DataPlaneRoute[] = [];
  const upgradeRoutes: UpgradeRoute[] = [];
  let models: ModelCatalog | undefined;
  for (const { plugin, contribution } of contributions) {
    for (const stage of contribution.stages ?? []) stageRegistry.register(stage);
    for (const stage of contribution.implicitStages ?? []) stageRegistry.registerImplicit(stage);
    for (const family of contribution.stageFamilies ?? []) stageRegistry.registerFamily(family.prefix, (name) => family.resolve(name));
    dataPlaneRoutes.push(...(contribution.dataPlaneRoutes ?? []));
    upgradeRoutes.push(...(contribution.upgradeRoutes ?? []));
    if (contribution.models !== undefined) {
      if (models !== undefined) throw new Error(`Plugin "${plugin.name}" offers a model catalog, but another plugin already does.`);
      models = contribution.models;
    }
    if (contribution.modelCalls !== undefined) {
      if (modelCaller !== undefined) throw new Error(`Plugin "${plugin.name}" offers calls to models, but another plugin already does.`);
      modelCaller = contribution.modelCalls;
    }
  }
  const catalog = models ?? NO_MODELS;
  const watcher = combineWatchers(contributions.flatMap(({ contribution }) => (contribution.requestWatcher === undefined ? [] : [contribution.requestWatcher])));
  const observer = combineObservers(contributions.flatMap(({ contribution }) => (contribution.stageObserver === undefined ? [] : [contribution.stageObserver])));

  const contextFor = (routePath: string, routeStages: readonly string[]): StageContext => ({
    logger: logger.child({ route: routePath }),
    metrics: metrics.registry,
    state: options.state,
    route: { path: routePath, stages: routeStages },
  });
  const build = (cfg: GatewayConfig): Promise<Map<string, RoutePipeline>> =>
    buildPipelines({ config: cfg, routes: dataPlaneRoutes, registry: stageRegistry, validators, guardMissingAwait, contextFor, stats: stageStats, ...(observer === undefined ? {} : { observer }) });
  try {
    generations = new GenerationHolder(await build(config), config, version);
  } catch (err) {
    await closeAll();
    throw err;
  }

  const ready = generations;
  const koa = new Koa<Record<string, never>, GatewayContextExtension>();
  koa.silent = true;
  const startedAt = new Date().toISOString();
  const grants: AnyGrantDefinition[] = options.plugins.flatMap((p) => p.grants ?? []);
  const grantFields = grants.map((g) => g.field);
  const audit = logger.child({ channel: 'audit' });
  const configuredKeys = (cfg: GatewayConfig) => [
    ...recordsFromConfig(cfg.auth.api_keys, false, startedAt, grantFields),
    ...recordsFromConfig(cfg.auth.control_plane_api_keys, true, startedAt, grantFields),
  ];
  const readStoredKey = createStoredKeyReader(validators, extensions.grants);
  const skippedKey = (index: number, problem: string): void => logger.warn({ entry: index, problem }, 'saved API key not restored');
  const keys = await KeyStore.open(configuredKeys(config), options.state, readStoredKey, skippedKey);
  // Keys created or revoked on another replica arrive as the saved list (when a plugin replicates state).
  const stopKeyChanges = options.checkOnly === true ? undefined : options.state?.onChange(KEYS_STATE_FILE, (saved) => Promise.resolve(keys.replaceSaved(saved, readStoredKey, skippedKey)));
  const authenticatorFor = (cfg: GatewayConfig): Authenticator => {
    const jwt = cfg.auth.jwt === undefined ? undefined : createJwtVerifier(cfg.auth.jwt);
    return new Authenticator(keys, jwt, cfg.auth.control_plane_api_keys.length > 0 || jwt !== undefined, cfg.auth.anonymous);
  };
  let authenticator = authenticatorFor(config);
  // Guards read the authenticator in force at each request (a reload may change JWT or open mode).
  const authentication = { authenticate: (credential: string, plane: 'data' | 'control') => authenticator.authenticate(credential, plane), get anonymous() { return authenticator.anonymous; } };
  const routes = new RouteRegistrar(metrics, (spec) => createRouteGuard(spec, authentication, audit));

  const healthSections = (): Record<string, unknown> => {
    const sections: Record<string, unknown> = {};
    for (const { contribution } of contributions) Object.assign(sections, contribution.health?.());
    return sections;
  };
  const readinessDetail = (): Record<string, unknown> => {
    const detail: Record<string, unknown> = {};
    for (const { contribution } of contributions) Object.assign(detail, contribution.readinessDetail?.());
    return detail;
  };
  const trafficHold = combineTrafficHolds(contributions.flatMap(({ contribution }) => (contribution.trafficHold === undefined ? [] : [contribution.trafficHold.bind(contribution)])));
  registerHealthRoutes(routes, metrics, () => ({ draining, hasModels: catalog.list().length > 0, sections: healthSections, readinessDetail, trafficHold }));
  registerStatszRoute(routes, metrics, new Date(), contributions.flatMap(({ contribution }) => (contribution.statsz === undefined ? [] : [contribution.statsz])));
  routes.add({ method: 'GET', path: '/v1/models', group: 'public' }, (ctx) => {
    // Anthropic clients (Claude Code, the SDK) send anthropic-version and read Anthropic's list shape.
    ctx.body = ctx.get('anthropic-version') === '' ? { object: 'list', data: catalog.list() } : anthropicModelList(catalog.list());
  });
  registerKeyRoutes(routes, keys, validators, {
    createSchemaId: schemas.keyCreate,
    updateSchemaId: schemas.keyUpdate,
    grants,
    selfSections: contributions.flatMap(({ contribution }) => {
      const keySelf = contribution.keySelf?.bind(contribution);
      return keySelf === undefined ? [] : [keySelf];
    }),
  });
  for (const { contribution } of contributions) for (const route of contribution.routes ?? []) registerPluginRoute(routes, route, validators);

  const ingressChecks = new Map(dataPlaneRoutes.map((route) => [route, route.requestSchemaId === undefined ? undefined : validators.ingressCheck(route.requestSchemaId)]));
  built.access = createDataPlaneAccess({
    routes: dataPlaneRoutes,
    generations: () => generations,
    authentication,
    ingressCheck: (route) => ingressChecks.get(route),
    // Body limits as the HTTP server applied them at boot (they are restart-only there too).
    bodyLimits: (route) => bodyLimitsFor(config, route.path),
    trafficHold,
  });
  const inFlight = createInFlightLimit(config.server.max_in_flight);
  const activeStreams = new ActiveStreams();
  for (const route of dataPlaneRoutes) {
    const handler = createDataPlaneHandler({
      route,
      checkBody: ingressChecks.get(route),
      generations: ready,
      bodyLimits: bodyLimitsFor(config, route.path),
      inFlight,
      activeStreams,
      trafficHold,
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

  koa.use(createRequestObserver(metrics, catalog, logger, watcher));
  koa.use(createErrorBoundary(logger));
  koa.use(createCors(() => current.cors));
  koa.use((ctx, next) => {
    if (draining) ctx.set('connection', 'close');
    ctx.set('x-config-version', version);
    return next();
  });
  koa.use(routes.exactPathLane());
  koa.use(routes.router.routes());
  koa.use(createNoRouteHandler(routes.router));

  let reloading: Promise<void> = Promise.resolve();
  // One reload at a time: a second waits for the first to finish.
  const reload = (next: GatewayConfig): Promise<ReloadResult> => {
    const run = reloading.then(() => applyConfig(next));
    reloading = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
  const applyConfig = async (next: GatewayConfig): Promise<ReloadResult> => {
    const nextVersion = configVersionOf(next);
    const nextKeys = configuredKeys(next);
    keys.checkConfigured(nextKeys);
    const nextAuthenticator = authenticatorFor(next);
    const prepared: Reconfiguration[] = [];
    const discard = (): void => {
      for (const preparation of prepared) preparation.discard?.();
    };
    let pipelines: Map<string, RoutePipeline>;
    try {
      for (const { plugin, contribution } of contributions) {
        if (contribution.reconfigure === undefined) continue;
        const context = pluginContext(plugin, next, validators, metrics, logger, options.state, () => draining, false, () => next, () => nextVersion, () => routeStagesOf(generations, stageStats), dataPlane, modelCalls);
        prepared.push(await contribution.reconfigure(context));
      }
      pipelines = await build(next);
    } catch (err) {
      discard();
      throw err;
    }
    // From here on nothing awaits: every plugin's change and the new pipelines take effect together.
    keys.replaceConfigured(nextKeys);
    authenticator = nextAuthenticator;
    for (const preparation of prepared) preparation.commit();
    // Compared with what the process started with: the server still runs on that.
    const restartRequired = [...restartOnlyChanges(config, next), ...prepared.flatMap((p) => p.restartRequired ?? [])];
    if (next.log.level !== current.log.level) logger.level = next.log.level;
    const { retired } = ready.swap(pipelines, next, nextVersion);
    current = next;
    version = nextVersion;
    logger.info({ config_version: nextVersion, restart_required: restartRequired }, 'config reloaded');
    return { version: nextVersion, restartRequired, retired };
  };

  const reloader = await ConfigReloader.open(
    {
      resolve: (raw, source) => resolveConfig(raw, validators, source, options.plugins),
      apply: (next) => reload(next),
      get config() {
        return current;
      },
    },
    options.configSource,
    options.state,
    logger.child({ channel: 'config' }),
  );
  registerConfigRoutes(routes, reloader, validators);
  // An overlay set through /admin/config/update on another replica arrives as the saved file.
  const stopOverlayChanges = options.checkOnly === true ? undefined : options.state?.onChange(OVERLAY_FILE, (saved) => reloader.adoptOverlay(saved));
  if (options.checkOnly !== true) {
    if (config.config.watch) reloader.watchFile(config.config.watch_debounce_ms);
    reloader.startSync();
  }

  return {
    koa,
    config,
    metrics,
    generations: ready,
    logger,
    keys,
    models: catalog,
    routeTable: () => routes.table(),
    callback: () => koa.callback(),
    upgradeListener: (address) => dispatchUpgrades(upgradeRoutes, address, () => draining),
    startDraining: () => {
      draining = true;
      for (const route of upgradeRoutes) route.drain?.();
      for (const { contribution } of contributions) contribution.drain?.();
    },
    interruptStreams: () => activeStreams.interruptAll(),
    get draining() {
      return draining;
    },
    reload,
    reloadFromSources: (reason) => reloader.reloadFromSources(reason),
    get currentConfig() {
      return current;
    },
    get configVersion() {
      return version;
    },
    close: async () => {
      stopKeyChanges?.();
      stopOverlayChanges?.();
      reloader.close();
      await ready.close();
      await closeAll();
    },
  };
}

function routeStagesOf(generations: GenerationHolder | undefined, stats: StageStatsTable): readonly RouteStages[] {
  const pipelines = generations?.current.pipelines;
  if (pipelines === undefined) return [];
  return [...pipelines.values()].map((p) => ({ path: p.route.path, stages: p.stageNames, counters: () => stats.snapshot(p.route.path, p.stageNames) }));
}

function pluginContext(
  plugin: Plugin,
  config: GatewayConfig,
  validators: SchemaValidators,
  metrics: GatewayMetrics,
  logger: Logger,
  state: StateDirectory | undefined,
  draining: () => boolean,
  checkOnly: boolean,
  pipelines: () => PipelinesConfig,
  configVersion: () => string,
  routeStages: () => readonly RouteStages[],
  dataPlane: DataPlaneAccess,
  modelCalls: ModelCalls,
): PluginContext {
  return {
    dataPlane,
    modelCalls,
    configVersion,
    routeStages,
    logger: logger.child({ plugin: plugin.name }),
    metrics: metrics.registry,
    state,
    validators,
    draining,
    checkOnly,
    pipelines,
    section<T>(key: SectionKey<T>): T {
      if (plugin.configSections?.[key.key] !== key.schemaId) {
        throw new Error(`Plugin "${plugin.name}" reads config section "${key.key}" without declaring it (configSections).`);
      }
      // The section was validated with the whole config; its own guard types it.
      const value = config[key.key];
      if (!validators.guard<T>(key.schemaId)(value)) throw new Error(`Config section "${key.key}" does not match ${key.schemaId}.`);
      return value;
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
