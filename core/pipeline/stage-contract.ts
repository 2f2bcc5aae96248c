import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { StateDirectory } from '../state/state-directory.js';
import type { Exchange } from './exchange.js';

export type Next = () => Promise<void>;

/** How a response ended, for the stages that account for it (tokens, spend, slots, leases). */
export interface ResponseEnd {
  /** `sent`: the body fully left; `client_gone`: the client closed the connection first. */
  readonly reason: 'sent' | 'client_gone';
  readonly status: number;
}

export interface Stage {
  /** Before `await next()`: the request path. After it: the response path (Koa's onion). */
  handle(x: Exchange, next: Next): Promise<void>;
  /**
   * The end of the response (fastify's onResponse): the body has fully left — streams included —
   * or the client went away. Called once per request, innermost stage first, for every stage whose
   * `handle` ran. Errors thrown here are logged and never reach the client.
   */
  onResponseEnd?(x: Exchange, end: ResponseEnd): void;
  /** Called once when the pipeline generation holding this stage is retired and drained. */
  close?(): Promise<void>;
}

/** What the kernel lends a stage when it is created: small on purpose. */
export interface StageContext {
  readonly logger: Logger;
  /** The app's metrics registry, for a stage's own metrics. */
  readonly metrics: Registry;
  /** Where state that must survive a restart goes; undefined when the app runs without one. */
  readonly state: StateDirectory | undefined;
  /** The route this instance serves (one instance per route per generation) and its stage list. */
  readonly route: { readonly path: string; readonly stages: readonly string[] };
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
  /**
   * The stage may call `next()` again once the previous call settled, to run the rest of the
   * pipeline once more with a changed request (a tool loop's next turn). Stages after it must then
   * tolerate running more than once per request (append to their per-request state, never reset it).
   */
  readonly repeatsNext?: true;
  /** `config` was validated against `configSchemaId` (defaults filled) and frozen. */
  create(config: C, context: StageContext): Stage | Promise<Stage>;
}

/**
 * A stage definition with its config type erased, as registries hold it. Made by `defineStage`,
 * which narrows the (already validated) config back to the stage's own type with the schema's own
 * guard: no cast between the validator and the stage.
 */
export interface AnyStageDefinition {
  readonly name: string;
  readonly configSchemaId: string;
  readonly requires?: readonly string[];
  readonly terminal?: true;
  readonly repeatsNext?: true;
  instantiate(config: unknown, context: StageContext, guard: ConfigGuards): Promise<Stage>;
}

/** Type guards compiled from the schemas (a value that passes is the schema's type). */
export interface ConfigGuards {
  guard<T>(schemaId: string): (value: unknown) => value is T;
}

export function defineStage<C>(definition: StageDefinition<C>): AnyStageDefinition {
  return {
    name: definition.name,
    configSchemaId: definition.configSchemaId,
    ...(definition.requires === undefined ? {} : { requires: definition.requires }),
    ...(definition.terminal === undefined ? {} : { terminal: definition.terminal }),
    ...(definition.repeatsNext === undefined ? {} : { repeatsNext: definition.repeatsNext }),
    async instantiate(config, context, guards) {
      const valid = guards.guard<C>(definition.configSchemaId);
      if (!valid(config)) throw new Error(`stage "${definition.name}": config does not match ${definition.configSchemaId}`);
      return definition.create(config, context);
    },
  };
}
