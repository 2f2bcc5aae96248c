import type { Exchange, JsonObject, RouteDescriptor } from './exchange.js';
import type { AnyStageDefinition, ResponseEnd, Stage, StageContext } from './stage-contract.js';
import type { StageRegistry } from './stage-registry.js';
import { composeStages, endStages, type ComposedPipeline, type NamedStage } from './compose-stages.js';
import type { ConfigIssue, SchemaValidators } from '../schema/schema-validators.js';
import type { PipelinesConfig } from '../config/gateway-config.js';
import { deepFreeze } from '../util/deep-freeze.js';
import type { StageObserver } from './stage-observer.js';
import type { StageStatsTable } from './stage-stats.js';

export interface RoutePipeline {
  readonly route: RouteDescriptor;
  readonly stageNames: readonly string[];
  readonly run: ComposedPipeline;
  /** The end-of-response phase for a request that ran through `run`. */
  end(x: Exchange, end: ResponseEnd): void;
  /**
   * The same stage instances with `terminal` in place of the route's terminal stage, for a plugin
   * that serves the route from outside the HTTP data plane (Envoy's ExtProc: the request goes on
   * through Envoy, not through `upstream`). Stages keep their per-route state (counters, caches).
   */
  withTerminal(terminal: NamedStage): { readonly stageNames: readonly string[]; readonly run: ComposedPipeline; end(x: Exchange, end: ResponseEnd): void };
  close(): Promise<void>;
}

export class PipelineBuildError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    // The default pipeline is planned once per route: its problem is one issue, not one per route.
    const unique = [...new Map(issues.map((i) => [`${i.path}\u0000${i.message}`, i])).values()];
    super(`Pipeline configuration is invalid:\n${unique.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.issues = unique;
    this.name = 'PipelineBuildError';
  }
}

export interface BuildPipelinesInput {
  readonly config: PipelinesConfig;
  readonly routes: readonly RouteDescriptor[];
  readonly registry: StageRegistry;
  readonly validators: SchemaValidators;
  readonly contextFor: (routePath: string, routeStages: readonly string[]) => StageContext;
  readonly guardMissingAwait: boolean;
  /** Where each stage counts what it did; kept across generations. */
  readonly stats: StageStatsTable;
  readonly observer?: StageObserver;
}

interface PlannedStage {
  readonly definition: AnyStageDefinition;
  readonly config: JsonObject;
}

/**
 * Plans every route's pipeline from config, reporting every problem at once, and only then creates
 * stage instances: a bad config never half-builds a generation.
 */
export async function buildPipelines(input: BuildPipelinesInput): Promise<Map<string, RoutePipeline>> {
  const issues: ConfigIssue[] = [];
  const knownPaths = new Set(input.routes.map((r) => r.path));
  for (const path of Object.keys(input.config.routes)) {
    if (!knownPaths.has(path)) {
      issues.push({ path: `routes.${path}`, message: `unknown route; known routes: ${[...knownPaths].join(', ')}` });
    }
  }
  const plans = new Map<RouteDescriptor, PlannedStage[]>();
  for (const route of input.routes) {
    plans.set(route, planRoute(route, input, issues));
  }
  if (issues.length > 0) throw new PipelineBuildError(issues);

  const built = new Map<string, RoutePipeline>();
  try {
    for (const [route, plan] of plans) {
      built.set(route.path, await instantiate(route, plan, input));
    }
  } catch (err) {
    await Promise.allSettled([...built.values()].map((p) => p.close()));
    throw err;
  }
  return built;
}

function planRoute(route: RouteDescriptor, input: BuildPipelinesInput, issues: ConfigIssue[]): PlannedStage[] {
  const override = input.config.routes[route.path];
  const where = override?.pipeline ? `routes.${route.path}.pipeline` : 'pipeline';
  const disabled = new Set(override?.disable ?? []);
  for (const name of disabled) {
    if (input.registry.get(name) === undefined) {
      issues.push({ path: `routes.${route.path}.disable`, message: `unknown stage "${name}"` });
    }
  }
  const configured = override?.pipeline ?? withRouteTerminal(input.config.pipeline, route, input);
  const implicit = input.registry.implicit.filter((name) => !configured.includes(name));
  // Each entry keeps the config path its errors point to.
  const entries = [
    ...implicit.map((name) => ({ name, at: `implicit stage "${name}"` })),
    ...configured.map((name, index) => ({ name, at: `${where}[${index}]` })),
  ].filter((entry) => !disabled.has(entry.name));
  const names = entries.map((entry) => entry.name);
  const plan: PlannedStage[] = [];
  const seen = new Set<string>();
  entries.forEach(({ name, at }, index) => {
    const definition = input.registry.get(name);
    if (definition === undefined) {
      issues.push({ path: at, message: `unknown stage "${name}"; registered: ${input.registry.names().join(', ')}` });
      return;
    }
    if (seen.has(name)) {
      issues.push({ path: at, message: `stage "${name}" appears twice on route ${route.path}` });
      return;
    }
    for (const required of definition.requires ?? []) {
      if (!seen.has(required)) {
        issues.push({ path: at, message: `stage "${name}" requires "${required}" earlier on route ${route.path}` });
      }
    }
    if (definition.terminal === true && index !== names.length - 1) {
      issues.push({ path: at, message: `terminal stage "${name}" must be last on route ${route.path}` });
    }
    seen.add(name);
    // A deep copy: the validator fills defaults into nested objects too (a stage's per-type
    // settings), and the config they come from is frozen.
    const config: JsonObject = structuredClone({ ...(input.config.stages[name] ?? {}), ...(override?.stages?.[name] ?? {}) });
    const configPath = override?.stages?.[name] ? `routes.${route.path}.stages.${name}` : `stages.${name}`;
    for (const issue of input.validators.validateConfig(definition.configSchemaId, config)) {
      // Reported once per route and stage; the route names where the config is used.
      issues.push({ path: `${configPath}${issue.path}`, message: `${issue.message} (stage "${name}", route ${route.path})` });
    }
    plan.push({ definition, config });
  });
  const last = plan.at(-1);
  if (route.terminalStage !== undefined && last !== undefined && last.definition.name !== route.terminalStage) {
    issues.push({ path: where, message: `route ${route.path} must end with its own terminal stage "${route.terminalStage}"` });
  } else if (last !== undefined && last.definition.terminal !== true) {
    issues.push({ path: where, message: `route ${route.path} must end with a terminal stage (e.g. "upstream")` });
  } else if (last === undefined && names.length === 0) {
    issues.push({ path: where, message: `route ${route.path} has no stages` });
  }
  for (const name of Object.keys(override?.stages ?? {})) {
    if (!names.includes(name)) {
      issues.push({ path: `routes.${route.path}.stages.${name}`, message: `stage "${name}" is configured but not in this route's pipeline` });
    }
  }
  return plan;
}

/** The default pipeline for a route answered by its own terminal stage: that stage in place of the default's. */
function withRouteTerminal(pipeline: readonly string[], route: RouteDescriptor, input: BuildPipelinesInput): readonly string[] {
  if (route.terminalStage === undefined) return pipeline;
  return [...pipeline.filter((name) => input.registry.get(name)?.terminal !== true), route.terminalStage];
}

async function instantiate(route: RouteDescriptor, plan: readonly PlannedStage[], input: BuildPipelinesInput): Promise<RoutePipeline> {
  const stages: NamedStage[] = [];
  const context = input.contextFor(route.path, plan.map((p) => p.definition.name));
  try {
    for (const { definition, config } of plan) {
      const stage: Stage = await definition.instantiate(deepFreeze(config), context, input.validators);
      stages.push({ name: definition.name, stage, ...(definition.repeatsNext === true ? { repeatsNext: true } : {}) });
    }
  } catch (err) {
    await closeStages(stages);
    throw err;
  }
  const onEndError = (stage: string, err: unknown): void => {
    context.logger.error({ stage, reason: err instanceof Error ? err.message : String(err) }, 'stage failed at the end of a response');
  };
  const compose = (list: readonly NamedStage[]): ComposedPipeline =>
    composeStages(list, {
      guardMissingAwait: input.guardMissingAwait,
      counters: list.map((s) => input.stats.countersFor(route.path, s.name)),
      ...(input.observer === undefined ? {} : { observer: input.observer }),
    });
  return {
    route,
    stageNames: stages.map((s) => s.name),
    run: compose(stages),
    end: (x, end) => endStages(stages, x, end, onEndError),
    withTerminal: (terminal) => {
      const replaced = [...stages.slice(0, -1), terminal];
      return {
        stageNames: replaced.map((s) => s.name),
        run: compose(replaced),
        end: (x, end) => endStages(replaced, x, end, onEndError),
      };
    },
    close: () => closeStages(stages),
  };
}

async function closeStages(stages: readonly NamedStage[]): Promise<void> {
  await Promise.allSettled(stages.map((s) => (s.stage.close ? s.stage.close() : Promise.resolve())));
}
