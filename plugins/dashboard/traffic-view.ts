import type { Registry } from 'prom-client';

/** A histogram summed over the data-plane routes: cumulative counts per upper bound. */
export interface HistogramTotals {
  readonly count: number;
  readonly sum: number;
  /** `[le, cumulative count]`, ascending; the last bound is `+Inf`. */
  readonly buckets: readonly (readonly [string, number])[];
}

export interface ModelTraffic {
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  /** What its answers cost (`llm_model_cost_total`), by pricing currency: absent when no pricing is configured. */
  cost: Record<string, number>;
}

/**
 * Running totals since the gateway started, for data-plane routes only (the dashboard's own polling
 * is not traffic). The page turns two snapshots into rates; no Prometheus server needed.
 */
export interface TrafficSnapshot {
  /** When the totals were read (ms since the epoch, the gateway's clock). */
  readonly at: number;
  readonly requests: number;
  /** Answers with status 400 and above. */
  readonly errors: number;
  /** Answers with status 500 and above. */
  readonly server_errors: number;
  readonly in_flight: number;
  readonly by_model: Readonly<Record<string, ModelTraffic>>;
  readonly latency: HistogramTotals;
  readonly time_to_first_token: HistogramTotals;
  /** What the pii-redaction stage found (`semantic_router_pii_detections_total`), one row per label set. */
  readonly pii_detections: readonly PiiDetections[];
}

export interface PiiDetections {
  readonly entity: string;
  readonly action: string;
  readonly direction: string;
  readonly count: number;
}

type Sample = { readonly value: number; readonly labels: Partial<Record<string, string | number>>; readonly metricName?: string };

async function samples(registry: Registry, name: string): Promise<readonly Sample[]> {
  return (await registry.getSingleMetric(name)?.get())?.values ?? [];
}

function label(sample: Sample, name: string): string {
  return String(sample.labels[name] ?? '');
}

function histogramTotals(values: readonly Sample[], base: string, onDataRoute: (s: Sample) => boolean): HistogramTotals {
  const buckets = new Map<string, number>();
  let count = 0;
  let sum = 0;
  for (const s of values) {
    if (!onDataRoute(s)) continue;
    if (s.metricName === `${base}_bucket`) buckets.set(label(s, 'le'), (buckets.get(label(s, 'le')) ?? 0) + s.value);
    else if (s.metricName === `${base}_count`) count += s.value;
    else if (s.metricName === `${base}_sum`) sum += s.value;
  }
  const bound = (le: string): number => (le === '+Inf' ? Infinity : Number(le));
  return { count, sum, buckets: [...buckets].sort((a, b) => bound(a[0]) - bound(b[0])) };
}

/** Reads the gateway's own counters (switchyard_* in /metrics) for the routes in `dataRoutes`. */
export async function trafficSnapshot(registry: Registry, dataRoutes: ReadonlySet<string>, now = Date.now()): Promise<TrafficSnapshot> {
  const onDataRoute = (s: Sample): boolean => dataRoutes.has(label(s, 'route'));
  const byModel: Record<string, ModelTraffic> = {};
  const model = (id: string): ModelTraffic => (byModel[id] ??= { requests: 0, errors: 0, input_tokens: 0, output_tokens: 0, cost: {} });
  let requests = 0;
  let errors = 0;
  let serverErrors = 0;
  for (const s of await samples(registry, 'switchyard_requests_total')) {
    if (!onDataRoute(s)) continue;
    const status = Number(label(s, 'status'));
    const entry = model(label(s, 'model'));
    requests += s.value;
    entry.requests += s.value;
    if (status >= 400) {
      errors += s.value;
      entry.errors += s.value;
    }
    if (status >= 500) serverErrors += s.value;
  }
  for (const s of await samples(registry, 'switchyard_tokens_total')) {
    const entry = model(label(s, 'model'));
    if (label(s, 'direction') === 'input') entry.input_tokens += s.value;
    else if (label(s, 'direction') === 'output') entry.output_tokens += s.value;
  }
  for (const s of await samples(registry, 'llm_model_cost_total')) {
    const entry = model(label(s, 'model'));
    const currency = label(s, 'currency');
    entry.cost[currency] = (entry.cost[currency] ?? 0) + s.value;
  }
  const piiDetections = (await samples(registry, 'semantic_router_pii_detections_total'))
    .map((s) => ({ entity: label(s, 'entity'), action: label(s, 'action'), direction: label(s, 'direction'), count: s.value }))
    .sort((a, b) => a.entity.localeCompare(b.entity) || a.direction.localeCompare(b.direction) || a.action.localeCompare(b.action));
  let inFlight = 0;
  for (const s of await samples(registry, 'switchyard_requests_in_flight')) if (onDataRoute(s)) inFlight += s.value;
  return {
    at: now,
    requests,
    errors,
    server_errors: serverErrors,
    in_flight: inFlight,
    by_model: byModel,
    latency: histogramTotals(await samples(registry, 'switchyard_request_duration_seconds'), 'switchyard_request_duration_seconds', onDataRoute),
    time_to_first_token: histogramTotals(await samples(registry, 'switchyard_time_to_first_token_seconds'), 'switchyard_time_to_first_token_seconds', onDataRoute),
    pii_detections: piiDetections,
  };
}
