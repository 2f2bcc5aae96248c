import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { StateDirectory } from '../state/state-directory.js';
import type { SharedServices } from './shared-services.js';
import type { Exchange } from './exchange.js';
import type { WorkerPool } from '../workers/worker-pool.js';
import type { WorkerRouter } from '../routing/worker-router.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';

export type Next = () => Promise<void>;

export interface Stage {
  /** Before `await next()`: the request path. After it: the response path (Koa's onion). */
  handle(x: Exchange, next: Next): Promise<void>;
  /** Called once when the pipeline generation holding this stage is retired and drained. */
  close?(): Promise<void>;
}

/** What the kernel lends a stage when it is created. */
export interface StageDeps {
  readonly logger: Logger;
  /** The whole validated config, for cross-cutting sections (models' pricing, limits backend …). */
  readonly config: GatewayConfig;
  /** App-wide services shared by every instance of a stage, across routes and generations. */
  readonly shared: SharedServices;
  /** The app's metrics registry, for a stage's own metrics. */
  readonly metricsRegistry: Registry;
  /** Where state that must survive a restart goes; undefined when the app runs without one. */
  readonly state: StateDirectory | undefined;
  readonly workers: WorkerPool;
  /** Chooses workers per model (policies, fallbacks, prefill/decode) and holds the retry budget. */
  readonly router: WorkerRouter;
  readonly providers: ProviderRegistry;
  /** The route this instance serves (one instance per route per generation). */
  readonly routePath: string;
  /** Every stage name on this route's pipeline, in order. */
  readonly routeStages: readonly string[];
}

export interface StageDefinition<C = unknown> {
  /** kebab-case; equals the plugin folder, the schema file stem and the config key. */
  readonly name: string;
  /** `$id` of schemas/stages/<name>.schema.json. */
  readonly configSchemaId: string;
  /** Stages that must come earlier in the same pipeline. */
  readonly requires?: readonly string[];
  /** A terminal stage produces the response and must be last. */
  readonly terminal?: true;
  create(config: Readonly<C>, deps: StageDeps): Stage | Promise<Stage>;
}

/** Erases the config type so definitions with different configs share one registry. */
export type AnyStageDefinition = StageDefinition<never>;
