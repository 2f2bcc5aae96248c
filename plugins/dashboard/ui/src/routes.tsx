import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { Message, POLL_MS, useNote, usePoll } from './shared.js';
import type { PipelinesView, StageCounters, StageView } from './types.js';

const STAGE_KINDS = new Set(['built-in', 'wasm', 'implicit']);

const ZERO: StageCounters = { seen: 0, rejected: 0, answered: 0, rewritten: 0, self_ms: 0 };

function add(a: StageCounters, b: StageCounters | undefined): StageCounters {
  if (b === undefined) return a;
  return { seen: a.seen + b.seen, rejected: a.rejected + b.rejected, answered: a.answered + b.answered, rewritten: a.rewritten + b.rewritten, self_ms: a.self_ms + b.self_ms };
}

function Counter(props: { readonly name: keyof StageCounters; readonly label: string; readonly value: string }) {
  return (
    <span class="counter" data-counter={props.name} title={props.label}>
      <span class="counter-label">{props.label}</span> <span class="counter-value">{props.value}</span>
    </span>
  );
}

function Stage(props: { readonly stage: StageView; readonly counters: StageCounters }) {
  const { stage, counters } = props;
  const kind = STAGE_KINDS.has(stage.kind) ? stage.kind : 'built-in';
  return (
    <li class={`stage stage-${kind}`} data-stage={stage.name}>
      <details>
        <summary>
          <span class="stage-name">{stage.name}</span>
          <span class="stage-kind">{stage.kind}</span>
        </summary>
        <pre class="stage-config">{Object.keys(stage.config).length === 0 ? '(no config: defaults)' : JSON.stringify(stage.config, null, 2)}</pre>
      </details>
      <div class="counters">
        <Counter name="seen" label="seen" value={String(counters.seen)} />
        <Counter name="rejected" label="rejected" value={String(counters.rejected)} />
        <Counter name="answered" label="answered" value={String(counters.answered)} />
        <Counter name="rewritten" label="rewritten" value={String(counters.rewritten)} />
        <Counter name="self_ms" label="ms" value={counters.self_ms.toFixed(1)} />
      </div>
    </li>
  );
}

interface Group {
  readonly overridden: boolean;
  readonly stages: readonly StageView[];
  readonly paths: string[];
  counters: StageCounters[];
}

/**
 * Routes with the same chain (stages and configs) are drawn once, most share the default pipeline;
 * a shared chain's counters are the sum over its routes.
 */
function groupRoutes(view: PipelinesView): Group[] {
  const groups = new Map<string, Group>();
  for (const route of view.routes) {
    const signature = JSON.stringify([route.overridden, route.stages.map((s) => [s.name, s.kind, s.config])]);
    const group = groups.get(signature) ?? { overridden: route.overridden, stages: route.stages, paths: [], counters: route.stages.map(() => ZERO) };
    group.paths.push(route.path);
    group.counters = group.counters.map((sum, i) => add(sum, route.stages[i]?.counters));
    groups.set(signature, group);
  }
  return [...groups.values()].sort((a, b) => Number(b.overridden) - Number(a.overridden) || (a.paths[0] ?? '').localeCompare(b.paths[0] ?? ''));
}

/** Each route's stages in run order with their config and counters, from `/dashboard/api/pipelines`. */
export function Routes(props: { readonly generation: number }) {
  const [view, setView] = useState<PipelinesView | null>(null);
  const [note, , fail] = useNote();
  const reload = usePoll(async () => setView(await api<PipelinesView>('GET', '/dashboard/api/pipelines')), POLL_MS, fail);
  // A WASM or config change elsewhere on the page bumps `generation`: show it now, not at the next poll.
  useEffect(() => {
    if (props.generation > 0) void reload();
  }, [props.generation]);
  return (
    <div id="routes-list">
      {view !== null && <p class="muted">{`Config version ${view.config_version}`}</p>}
      {view !== null &&
        groupRoutes(view).map((group) => {
          const first = group.paths[0] ?? '';
          const single = group.paths.length === 1;
          return (
            <article class="route" key={group.paths.join(' ')}>
              <h3>
                {single ? <code data-path={first}>{first}</code> : `${group.paths.length} routes`}
                <span class="badge">{group.overridden ? 'own pipeline' : 'default pipeline'}</span>
              </h3>
              {!single && (
                <details class="paths">
                  <summary>which routes</summary>
                  <ul>
                    {group.paths.map((path) => (
                      <li key={path}>
                        <code data-path={path}>{path}</code>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              <ol class="chain" aria-label={single ? `stages of ${first}` : 'stages'}>
                {group.stages.map((stage, i) => (
                  <Stage key={`${i}:${stage.name}`} stage={stage} counters={group.counters[i] ?? ZERO} />
                ))}
              </ol>
            </article>
          );
        })}
      <Message id="routes-message" note={note} />
    </div>
  );
}
