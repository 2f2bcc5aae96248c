import { readFileSync } from 'node:fs';
import { isJsonObject } from '../../../core/streams/is-json-object.js';
import { countOf, recordOf, recordsOf, stringOr } from '../../../core/util/narrow-json.js';

interface Row {
  readonly label: string;
  selfMs: number;
}

/**
 * A V8 .cpuprofile (from `node --cpu-prof`) summarised by self time per function and per file, so
 * the next person sees where a request's time goes without opening a profiler.
 */
export function summarizeCpuProfile(path: string, top = 25): string {
  const profile: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isJsonObject(profile)) return 'not a cpuprofile';
  const nodes = recordsOf(profile['nodes']);
  const samples = Array.isArray(profile['samples']) ? profile['samples'] : [];
  const deltas = Array.isArray(profile['timeDeltas']) ? profile['timeDeltas'] : [];
  const byId = new Map<number, Readonly<Record<string, unknown>>>(nodes.map((n) => [countOf(n['id']), n]));
  const selfUs = new Map<number, number>();
  samples.forEach((id: unknown, i) => {
    const key = countOf(id);
    selfUs.set(key, (selfUs.get(key) ?? 0) + countOf(deltas[i]));
  });
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, Row>();
  const byFile = new Map<string, Row>();
  for (const [id, us] of selfUs) {
    const frame = recordOf(byId.get(id)?.['callFrame']);
    const url = stringOr(frame['url']).replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'node_modules/').replace(/.*\/(dist|core|plugins)\//, '$1/');
    const fn = stringOr(frame['functionName']) || '(anonymous)';
    const file = url === '' ? '(native/builtin)' : url;
    const fnKey = `${fn}  ${file}:${countOf(frame['lineNumber']) + 1}`;
    for (const [map, key] of [[byFunction, fnKey], [byFile, file]] as const) {
      const row = map.get(key) ?? { label: key, selfMs: 0 };
      row.selfMs += us / 1000;
      map.set(key, row);
    }
  }
  const table = (rows: Iterable<Row>): string =>
    [...rows]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((r) => `${((r.selfMs * 100000) / Math.max(1, totalUs)).toFixed(1).padStart(5)} %  ${r.selfMs.toFixed(0).padStart(7)} ms  ${r.label}`)
      .join('\n');
  return `### by function (self time)\n${table(byFunction.values())}\n\n### by file (self time)\n${table(byFile.values())}`;
}
