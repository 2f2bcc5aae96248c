import type { IncomingMessage } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AnyGrantDefinition } from './auth/grants.js';
import type { Principal } from './auth/principal.js';
import type { RouteGroup } from './auth/route-guards.js';
import type { DataPlaneRoute } from './http/data-plane-routes.js';
import type { DataPlaneAccess } from './http/data-plane-access.js';
import type { HttpMethod, JsonObject } from './pipeline/exchange.js';
import type { AttemptFinished, OutboundCall } from './pipeline/attempt-observer.js';
import type { AnyStageDefinition } from './pipeline/stage-contract.js';
import type { StageObserver } from './pipeline/stage-observer.js';
import type { RequestWatcher } from './http/request-watcher.js';
import type { StageStatsSnapshot } from './pipeline/stage-stats.js';
import type { SchemaValidators } from './schema/schema-validators.js';
import type { StateDirectory } from './state/state-directory.js';
import type { SchemaExtensions } from './config/compose-schemas.js';
import type { PipelinesConfig } from './config/gateway-config.js';
import type { GatewayError } from './errors/gateway-error.js';

/**
 * A plugin: everything the gateway is besides the kernel (the worker fleet, limits, WASM policies,
 * redaction …). `setup` runs once per app; what it returns is wired in by the kernel. Services a
 * plugin owns (a worker pool, a Redis connection, a module registry) live in its closure and reach
 * its stages and routes from there — the kernel never holds or names them.
 */
export interface Plugin {
  /** kebab-case; shows in logs and errors. */
  readonly name: string;
  /**
   * Top-level config sections the plugin reads, each with the `$id` of its schema. The kernel
   * validates them together with its own sections (every error at once); several plugins may read
   * the same section if they name the same schema.
   */
  readonly configSections?: Readonly<Record<string, string>>;
  /** Per-key settings the plugin's stages read (limits, budget …): validated, stored and checked by the kernel. */
  readonly grants?: readonly AnyGrantDefinition[];
  /**
   * JSON Schemas the plugin brings (its stage config, sections, admin bodies) when they do not live
   * in the gateway's own schemas/ folder, as for a plugin kept outside this repository.
   */
  readonly schemas?: readonly object[];
  setup(context: PluginContext): PluginContribution | Promise<PluginContribution>;
}

/** A typed handle on a config section: `defineSection<WorkersConfig>('workers', WORKERS_SCHEMA_ID)`. */
export interface SectionKey<T> {
  readonly key: string;
  readonly schemaId: string;
  /** Phantom field: carries T for the type checker only. */
  readonly __type?: T;
}

export function defineSection<T>(key: string, schemaId: string): SectionKey<T> {
  return Object.freeze({ key, schemaId });
}

export interface PluginContext {
  readonly logger: Logger;
  /** The app's Prometheus registry (one per app). */
  readonly metrics: Registry;
  /** Where state that must survive a restart goes; undefined when the app runs without one. */
  readonly state: StateDirectory | undefined;
  readonly validators: SchemaValidators;
  /** A section this plugin declared, validated against its schema (defaults filled) and frozen. */
  section<T>(key: SectionKey<T>): T;
  /** True once the gateway started draining (stop accepting new work). */
  readonly draining: () => boolean;
  /** `config check`: build everything, contact nothing (no discovery, no health checks, no restore). */
  readonly checkOnly: boolean;
  /** The pipeline config in force (stage configs by route), for plugins that own a stage family. */
  readonly pipelines: () => PipelinesConfig;
  /** The short hash of the config in force (what `x-config-version` carries). */
  readonly configVersion: () => string;
  /**
   * Every data-plane route's stages in the order they run (implicit ones included), as built for
   * the generation serving new requests; empty before the first build.
   */
  readonly routeStages: () => readonly RouteStages[];
  /**
   * The data plane for requests handed over other than by HTTP (Envoy's ExtProc): guard, ingress
   * check, and a route's own pipeline with its terminal stage replaced. Usable once setup is over
   * (the routes and pipelines are built after every plugin's setup).
   */
  readonly dataPlane: DataPlaneAccess;
  /**
   * Calls a model on the gateway's own workers (the plugin that owns them offers it): a stage that
   * needs an embedding asks here rather than hand-rolling a client to a fixed URL. Usable once
   * setup is over; rejects when no plugin offers it.
   */
  readonly modelCalls: ModelCalls;
}

/** One request to a model the gateway's workers serve, routed as the workers' own stage would. */
export interface ModelCallRequest {
  /** Which API of the worker (the body's shape): `embeddings` is `/v1/embeddings`. */
  readonly operation: 'embeddings' | 'chat.completions' | 'completions';
  /** The model (or alias) to route by; the body goes with the served model's name. */
  readonly model: string;
  readonly body: JsonObject;
  /** Sent to the worker as `x-request-id` (the request this call serves). */
  readonly requestId: string;
  /** Connect, first byte and body silence each get at most this long. */
  readonly timeoutMs: number;
  /** Aborts the call (the request it serves went away, or the caller's own deadline). */
  readonly signal: AbortSignal;
  /** A longer answer is refused (default 1 MiB). */
  readonly maxBytes?: number;
}

/** The worker's answer: its status and its body parsed as JSON (`unknown` until the caller checks it). */
export interface ModelCallReply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * One attempt, no retry (the caller has a fallback): rejects when no worker serves the model, on a
 * transport failure, a timeout, an abort, or a body that is too long or not JSON.
 */
export interface ModelCalls {
  call(request: ModelCallRequest): Promise<ModelCallReply>;
}

export interface RouteStages {
  readonly path: string;
  readonly stages: readonly string[];
  /** What each of `stages` did since the gateway started (same order); read when asked. */
  readonly counters: () => readonly StageStatsSnapshot[];
}

export interface PluginContribution {
  /** Stages a route's pipeline may name. */
  readonly stages?: readonly AnyStageDefinition[];
  /** Stage names with a prefix (`wasm:<policy>`), resolved by the plugin. */
  readonly stageFamilies?: readonly StageFamily[];
  /** Stages every pipeline starts with unless its route disables them by name. */
  readonly implicitStages?: readonly AnyStageDefinition[];
  /** Pipeline-backed routes (the OpenAI API, other client dialects). */
  readonly dataPlaneRoutes?: readonly DataPlaneRoute[];
  /** Plain routes (admin APIs, info endpoints); the kernel attaches the group's guard. */
  readonly routes?: readonly PluginRoute[];
  /**
   * Sections the plugin adds to the public `/statsz` answer (circuit breaker states …), built when
   * asked: ids and bounded values only, never an address or a secret.
   */
  readonly statsz?: () => Readonly<Record<string, unknown>>;
  /** The models the gateway serves (`/v1/models`, readiness, metric labels); one plugin gives it. */
  readonly models?: ModelCatalog;
  /** Calls to those models for other plugins (`context.modelCalls`); one plugin gives it. */
  readonly modelCalls?: ModelCalls;
  /**
   * Watches every stage of every request (a tracer's span per stage). Costs each stage one call,
   * so offer it only when the plugin is switched on.
   */
  readonly stageObserver?: StageObserver;
  /**
   * Watches every request from arrival to the response's end (a tracer's server span), and the
   * data-plane exchange it makes. Costs each request one call, so offer it only when switched on.
   */
  readonly requestWatcher?: RequestWatcher;
  /** Routes served over an HTTP upgrade (WebSocket): the kernel hands the plugin the raw socket. */
  readonly upgradeRoutes?: readonly UpgradeRoute[];
  /**
   * Hot reload: called with the context of a new, validated config before it takes effect. Prepare
   * everything (read files, compile, check) without changing what serves traffic, then return how
   * to apply it: the kernel commits every plugin and swaps the pipelines in one step, or discards
   * every plugin's preparation when any of them (or the pipeline build) failed. Without this hook a
   * plugin keeps the config it was set up with (its stages' configs still reload with pipelines).
   */
  reconfigure?(next: PluginContext): Reconfiguration | Promise<Reconfiguration>;
  /**
   * Sections `GET /health` adds next to its `status` (e.g. the classifier's `models`), read on
   * each call; none: the plugin has nothing to report. Public: no secret, nothing per caller.
   */
  health?(): Readonly<Record<string, unknown>>;
  /**
   * The gateway began draining: stop taking new work on whatever the plugin serves besides the
   * HTTP server (a gRPC listener), and end what is running in time — requests holding a pipeline
   * lease would otherwise hold the close open.
   */
  drain?(): void;
  /**
   * Sections `GET /v1/keys/self` adds to a key's view of itself (its spend and budget), read on
   * each call for the calling key only.
   */
  keySelf?(principal: Principal): Promise<Readonly<Record<string, unknown>>>;
  /**
   * Detail `/readiness` carries next to its `status` (e.g. a shared backend is unreachable and the
   * replica serves on its last good state): read on each probe, so cheap; never changes the status.
   */
  readinessDetail?(): Readonly<Record<string, unknown>>;
  /**
   * Why the gateway must not take data-plane traffic now (an operator's maintenance switch), or
   * undefined. While a plugin gives a reason, data-plane requests are answered with it and
   * `/readiness` reports not ready; the control plane stays available. Read per request, so cheap.
   */
  trafficHold?(): GatewayError | undefined;
  close?(): Promise<void>;
}

export interface Reconfiguration {
  /** Applies the prepared change. Synchronous: the swap of every plugin and the pipelines is one step. */
  commit(): void;
  /** Drops what was prepared (another plugin or the pipeline build refused the new config). */
  discard?(): void;
  /** What changed but cannot apply without a restart (named in the reload's answer, e.g. `server.port`). */
  readonly restartRequired?: readonly string[];
}

export interface StageFamily {
  /** e.g. `wasm:` */
  readonly prefix: string;
  resolve(name: string): AnyStageDefinition | undefined;
}

/** What the kernel knows of models: enough to list them and keep metric labels bounded. */
export interface ModelCatalog {
  /** The OpenAI `/v1/models` entries, sorted by id. */
  list(): readonly object[];
  /** Some worker serves it (metric labels fold anything else into "other"). */
  has(model: string): boolean;
}

export interface PluginRequest {
  readonly method: string;
  readonly path: string;
  /** Path parameters (`/workers/:id` → `{ id }`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Lower-cased names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Who is calling (undefined on public routes). */
  readonly principal: Principal | undefined;
  readonly requestId: string;
  /** The body, validated against `bodySchemaId` when the route has one (every error reported); else undefined. */
  readonly body: unknown;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  /**
   * Present only when something watches this request (a tracer): call it before each call the
   * handler makes to another service for the request, with a bounded span name and attributes
   * (ids, never a URL, arguments or results); it fills `headers` with what to send along (a W3C
   * `traceparent` continuing the request's trace) and returns what to call when the call ended.
   */
  readonly callStarted?: (call: OutboundCall, headers: Record<string, string>) => AttemptFinished | undefined;
}

export interface PluginResponse {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON-serialisable value, text (with a `content-type` header), or a stream. */
  readonly body: unknown;
}

export interface PluginRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly group: RouteGroup;
  /** Anthropic clients send `x-api-key` instead of a bearer token. */
  readonly acceptsXApiKey?: boolean;
  /** `$id` of the schema the JSON body must satisfy (control-plane bodies: every error reported). */
  readonly bodySchemaId?: string;
  /**
   * Runs on the parsed body before its schema, to refuse something with its own error rather than
   * a schema message (e.g. a feature the API never accepts): throw a `GatewayError`.
   */
  readonly screenBody?: (body: unknown) => void;
  handle(request: PluginRequest): PluginResponse | Promise<PluginResponse>;
}

/** Where the listening gateway can reach itself: its own HTTP data plane on loopback. */
export interface GatewayAddress {
  /** e.g. `http://127.0.0.1:8080` (the listening port; a wildcard host becomes loopback). */
  readonly loopbackUrl: string;
}

/**
 * A route that takes over the connection on an HTTP `Upgrade` (a WebSocket endpoint). The kernel
 * only dispatches by path: it does no auth here, because the upgraded protocol decides when and
 * how credentials arrive; a plugin that serves requests over the socket sends them through the
 * data plane (`gateway.loopbackUrl`), where the route's guard and pipeline apply as for any client.
 */
export interface UpgradeRoute {
  readonly path: string;
  handle(request: IncomingMessage, socket: Duplex, head: Buffer, gateway: GatewayAddress): void;
  /**
   * The gateway began draining. Upgraded sockets hold the server's close open, so the plugin must
   * end them: let running work finish, close idle connections now.
   */
  drain?(): void;
}

/** A stream a route answers with: the kernel pipes it and closes it if the client leaves. */
export type PluginStreamBody = Readable;

/** Every config section and grant field the plugins add, checked for clashes. */
/** Registers the schemas plugins bring with the app's validators (once per `$id`). */
export function registerPluginSchemas(plugins: readonly Plugin[], validators: SchemaValidators): void {
  for (const plugin of plugins) for (const schema of plugin.schemas ?? []) validators.register(schema);
}

export function schemaExtensionsOf(plugins: readonly Plugin[]): SchemaExtensions {
  const sections: Record<string, string> = {};
  const grants: Record<string, string> = {};
  const owners = new Map<string, string>();
  for (const plugin of plugins) {
    for (const [key, schemaId] of Object.entries(plugin.configSections ?? {})) {
      if (sections[key] !== undefined && sections[key] !== schemaId) {
        throw new Error(`Plugins "${owners.get(`section:${key}`) ?? '?'}" and "${plugin.name}" read config section "${key}" with different schemas.`);
      }
      sections[key] = schemaId;
      owners.set(`section:${key}`, plugin.name);
    }
    for (const grant of plugin.grants ?? []) {
      if (grants[grant.field] !== undefined) throw new Error(`Plugins "${owners.get(`grant:${grant.field}`) ?? '?'}" and "${plugin.name}" both define the key grant "${grant.field}".`);
      grants[grant.field] = grant.schemaId;
      owners.set(`grant:${grant.field}`, plugin.name);
    }
  }
  return { sections, grants };
}
