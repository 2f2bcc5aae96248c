import { useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { Message, POLL_MS, fmt, ms, useNote, usePoll } from './shared.js';
import { Table } from './table.js';
import type { Histogram, ModelTraffic, Traffic } from './types.js';

const CHART_POINTS = 60;

/** The q-quantile's bucket bound from the change of a cumulative histogram between two reads. */
function quantileOf(before: Histogram, after: Histogram, q: number): number | null {
  const earlier = new Map(before.buckets);
  const deltas = after.buckets.map(([le, count]) => [le, count - (earlier.get(le) ?? 0)] as const);
  const total = deltas.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const found = deltas.find(([, count]) => count >= q * total);
  if (found === undefined || found[0] === '+Inf') return Infinity;
  return Number(found[0]);
}

function Card(props: { readonly label: string; readonly value: string; readonly metric: string }) {
  return (
    <div class="card" data-metric={props.metric}>
      <span class="card-label">{props.label}</span>
      <span class="card-value">{props.value}</span>
    </div>
  );
}

function Chart(props: { readonly history: readonly number[] }) {
  const width = 600;
  const height = 80;
  const max = Math.max(1, ...props.history);
  const step = width / (CHART_POINTS - 1);
  // One reading is drawn as a short flat line: a polyline needs two points to show at all.
  const series = props.history.length === 1 ? [props.history[0] ?? 0, props.history[0] ?? 0] : props.history;
  const offset = CHART_POINTS - series.length;
  const points = series.map((rate, i) => `${((offset + i) * step).toFixed(1)},${(height - (rate / max) * (height - 4) - 2).toFixed(1)}`).join(' ');
  return (
    <div id="overview-chart" class="chart" aria-hidden="true">
      {props.history.length > 0 && (
        <>
          <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img">
            <polyline points={points} class="chart-line" />
          </svg>
          <span class="chart-label">{`requests/s, last ${CHART_POINTS * (POLL_MS / 1000)} s (max ${fmt(max)})`}</span>
        </>
      )}
    </div>
  );
}

const tokensOf = (t: Traffic): number => Object.values(t.by_model).reduce((sum, m) => sum + m.input_tokens + m.output_tokens, 0);

/** Cost per minute in each currency, from the change of `llm_model_cost_total` between two polls. */
function costPerMinute(now: ModelTraffic, prior: ModelTraffic | undefined, seconds: number): string {
  if (prior === undefined || seconds <= 0) return '–';
  const parts = Object.entries(now.cost ?? {}).map(([currency, total]) => `${(((total - (prior.cost?.[currency] ?? 0)) / seconds) * 60).toFixed(4)} ${currency}`);
  return parts.length === 0 ? '–' : parts.join(', ');
}

interface Reading {
  readonly now: Traffic;
  readonly before: Traffic | null;
}

/** Live traffic from `/dashboard/api/traffic`: rates from two successive running totals. */
export function Overview() {
  const [reading, setReading] = useState<Reading | null>(null);
  const history = useRef<number[]>([]);
  const [note, , fail] = useNote();
  usePoll(
    async () => {
      const now = await api<Traffic>('GET', '/dashboard/api/traffic');
      setReading((previous) => {
        const before = previous?.now ?? null;
        if (before !== null && now.at > before.at) {
          history.current = [...history.current, (now.requests - before.requests) / ((now.at - before.at) / 1000)].slice(-CHART_POINTS);
        }
        return { now, before };
      });
    },
    POLL_MS,
    fail,
  );
  if (reading === null) return <Message id="overview-updated" note={note} />;
  const { now, before } = reading;
  const seconds = before === null ? 0 : (now.at - before.at) / 1000;
  const rate = (field: 'requests' | 'errors'): number | null => (before === null || seconds <= 0 ? null : (now[field] - before[field]) / seconds);
  const windowRequests = before === null ? 0 : now.requests - before.requests;
  const windowErrors = before === null ? 0 : now.errors - before.errors;
  const tokensPerMinute = before === null || seconds <= 0 ? null : ((tokensOf(now) - tokensOf(before)) / seconds) * 60;
  const quantile = (pick: (t: Traffic) => Histogram, q: number): string => (before === null ? '–' : ms(quantileOf(pick(before), pick(now), q)));
  const models = Object.entries(now.by_model).map(([model, m]) => ({ model, m, prior: before?.by_model[model] }));
  const modelRate = (row: (typeof models)[number]): number | null => (row.prior === undefined || seconds <= 0 ? null : (row.m.requests - row.prior.requests) / seconds);
  return (
    <>
      <div id="overview-cards" class="cards">
        <Card label="Requests/s" value={fmt(rate('requests'))} metric="rps" />
        <Card label="Errors/s" value={fmt(rate('errors'))} metric="eps" />
        <Card label="Error rate" value={windowRequests > 0 ? `${fmt((windowErrors / windowRequests) * 100)} %` : '–'} metric="error-rate" />
        <Card label="In flight" value={String(now.in_flight)} metric="in-flight" />
        <Card label="p50 latency" value={quantile((t) => t.latency, 0.5)} metric="p50" />
        <Card label="p99 latency" value={quantile((t) => t.latency, 0.99)} metric="p99" />
        <Card label="p50 first token" value={quantile((t) => t.time_to_first_token, 0.5)} metric="ttft" />
        <Card label="Tokens/min" value={fmt(tokensPerMinute, 0)} metric="tpm" />
        <Card label="Requests (total)" value={String(now.requests)} metric="requests-total" />
        <Card label="Errors (total)" value={String(now.errors)} metric="errors-total" />
      </div>
      <Chart history={history.current} />
      <div id="overview-models" class="table-wrap">
        <Table
          name="models"
          empty="No traffic yet."
          rows={models}
          rowKey={(r) => r.model}
          rowAttrs={(r) => ({ 'data-model': r.model })}
          columns={[
            { title: 'Model', sort: (r) => r.model, cell: (r) => r.model },
            { title: 'Req/s', numeric: true, sort: (r) => modelRate(r) ?? -1, cell: (r) => fmt(modelRate(r)) },
            { title: 'Requests', numeric: true, sort: (r) => r.m.requests, cell: (r) => String(r.m.requests) },
            { title: 'Errors', numeric: true, sort: (r) => r.m.errors, cell: (r) => String(r.m.errors) },
            { title: 'Tokens in', numeric: true, sort: (r) => r.m.input_tokens, cell: (r) => String(r.m.input_tokens) },
            { title: 'Tokens out', numeric: true, sort: (r) => r.m.output_tokens, cell: (r) => String(r.m.output_tokens) },
            { title: 'Cost/min', numeric: true, cell: (r) => <span data-cost-per-minute>{costPerMinute(r.m, r.prior, seconds)}</span> },
          ]}
        />
      </div>
      <Message id="overview-updated" note={note} />
    </>
  );
}
