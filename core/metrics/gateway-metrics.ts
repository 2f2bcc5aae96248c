import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ModelStats } from './model-stats.js';
import { ScrapeTimeCounter, ScrapeTimeGauge } from './scrape-time-metrics.js';

const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * The gateway's Prometheus metrics, on a registry of its own (one per app, so tests and embedders
 * can run several). Every label takes values from a bounded set: route templates, status codes,
 * configured model ids (anything else is "other"). What every request moves is kept in
 * scrape-time cells (see scrape-time-metrics.ts); the rest are plain prom-client metrics.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new ScrapeTimeCounter({
    name: 'switchyard_requests_total',
    help: 'Requests answered, by route template, HTTP status and model.',
    labelNames: ['route', 'status', 'model'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'switchyard_request_duration_seconds',
    help: 'Time from request arrival until the response (stream included) fully left.',
    labelNames: ['route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly timeToFirstToken = new Histogram({
    name: 'switchyard_time_to_first_token_seconds',
    help: 'Streaming responses: time from request arrival until the first body byte was produced.',
    labelNames: ['route', 'model'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly tokens = new ScrapeTimeCounter({
    name: 'switchyard_tokens_total',
    help: 'Tokens used, by direction (input|output) and model: as upstreams reported them, or as the gateway counted them for a stream that reported none.',
    labelNames: ['direction', 'model'] as const,
    registers: [this.registry],
  });
  /** Named as seed 004 names it (no switchyard_ prefix) so its dashboards work unchanged. */
  readonly cost = new ScrapeTimeCounter({
    name: 'llm_model_cost_total',
    help: 'What answers cost from the real usage of each response (streams included), by model and pricing currency.',
    labelNames: ['model', 'currency'] as const,
    registers: [this.registry],
  });
  /**
   * The part of llm_model_cost_total priced from tokens the gateway counted itself: a separate
   * counter, so the total stays one sum and dashboards can show how much of it is an estimate.
   */
  readonly estimatedCost = new Counter({
    name: 'llm_model_estimated_cost_total',
    help: 'Of llm_model_cost_total, the cost priced from tokens the gateway counted with the model tokenizer because the stream reported no usage, by model and currency.',
    labelNames: ['model', 'currency'] as const,
    registers: [this.registry],
  });
  readonly estimatedUsage = new Counter({
    name: 'switchyard_estimated_usage_total',
    help: 'Responses whose token usage the gateway counted with the model tokenizer because the upstream reported none, by model.',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });
  readonly inFlight = new ScrapeTimeGauge({
    name: 'switchyard_requests_in_flight',
    help: 'Requests received and not yet fully answered.',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });

  readonly streamErrors = new Counter({
    name: 'switchyard_stream_errors_total',
    help: 'Streams that ended with an in-band error event instead of their natural end, by route and reason.',
    labelNames: ['route', 'reason'] as const,
    registers: [this.registry],
  });

  /** Per-model totals for /statsz (the same observations, as JSON). */
  readonly perModel = new ModelStats();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // prom-client names three gauges with a counter's `_total` suffix, which Prometheus tooling
    // rejects (`promtool check metrics`); the per-type gauges without the suffix stay.
    for (const name of MISNAMED_DEFAULT_GAUGES) this.registry.removeSingleMetric(name);
  }
}
