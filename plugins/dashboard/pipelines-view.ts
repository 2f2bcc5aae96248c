import type { PipelinesConfig } from '../../core/config/gateway-config.js';
import type { RouteStages } from '../../core/plugin-contract.js';
import type { StageStatsSnapshot } from '../../core/pipeline/stage-stats.js';

export type StageKind = 'built-in' | 'wasm' | 'implicit';

export interface StageView {
  readonly name: string;
  readonly kind: StageKind;
  /** What the config gives the stage on this route (defaults, then the route's own), secrets hidden. */
  readonly config: Record<string, unknown>;
  /** What the stage did on this route since the gateway started (kept across reloads). */
  readonly counters: Omit<StageStatsSnapshot, 'stage'>;
}

export interface RouteView {
  readonly path: string;
  /** The route has its own `routes.<path>.pipeline` (else it runs the default pipeline). */
  readonly overridden: boolean;
  readonly stages: readonly StageView[];
}

// Field names that may hold a credential: shown as "<redacted>" whatever the stage.
const SECRET_FIELD = /(secret|password|passwd|api[_-]?key|credential|private[_-]?key|bearer|authorization|cookie|^key$|^token$)/i;

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [field, inner] of Object.entries(value)) out[field] = SECRET_FIELD.test(field) ? '<redacted>' : redact(inner);
  return out;
}

/**
 * Each data-plane route's stages in the order they run, as built (`routeStages`), each with its
 * kind and config. A stage the config does not list (added by a plugin to every pipeline) is
 * `implicit`; `wasm:<name>` stages are policies.
 */
export function pipelinesView(built: readonly RouteStages[], config: PipelinesConfig): RouteView[] {
  return [...built]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map(({ path, stages, counters }) => {
      const override = config.routes[path];
      const counted = counters();
      const configured = override?.pipeline ?? config.pipeline;
      return {
        path,
        overridden: override?.pipeline !== undefined,
        stages: stages.map((name, index) => ({
          name,
          kind: name.startsWith('wasm:') ? 'wasm' : configured.includes(name) ? 'built-in' : 'implicit',
          config: redact({ ...(config.stages[name] ?? {}), ...(override?.stages?.[name] ?? {}) }) as Record<string, unknown>,
          counters: countersOf(counted[index]),
        })),
      };
    });
}

function countersOf(snapshot: StageStatsSnapshot | undefined): Omit<StageStatsSnapshot, 'stage'> {
  return { seen: snapshot?.seen ?? 0, rejected: snapshot?.rejected ?? 0, answered: snapshot?.answered ?? 0, rewritten: snapshot?.rewritten ?? 0, self_ms: snapshot?.self_ms ?? 0 };
}
