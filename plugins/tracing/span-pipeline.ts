import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import type { Tracer } from '@opentelemetry/api';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TracingConfig } from './tracing-config.generated.js';

/** One export request, retries included. */
const EXPORT_TIMEOUT_MS = 10_000;
/** How long closing the gateway waits for the last spans to be exported. */
const SHUTDOWN_GRACE_MS = 2_000;

export interface SpanPipeline {
  readonly tracer: Tracer;
  /** Exports what is queued and stops. */
  shutdown(): Promise<void>;
}

/**
 * One tracer provider per app, never registered as the process-wide global: two apps in one
 * process (tests, a library user) keep their own exporters, and code that uses the global API
 * without us stays a no-op. Spans are batched and exported over OTLP/HTTP JSON; a full queue drops
 * spans rather than slowing requests.
 */
export function createSpanPipeline(config: TracingConfig, version: string): SpanPipeline {
  const exporter = new OTLPTraceExporter({ url: config.otlp_endpoint, headers: { ...definedHeaders(config.headers) }, timeoutMillis: EXPORT_TIMEOUT_MS });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.service_name, 'service.version': version }),
    // A caller's sampled flag wins; new traces are sampled by trace id, so every hop agrees.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sample_ratio) }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: config.export_delay_ms, maxQueueSize: config.max_queue_size, maxExportBatchSize: Math.min(512, config.max_queue_size) })],
  });
  return {
    tracer: provider.getTracer('switchyard', version),
    // The last batch gets a moment to leave; an unreachable collector (retried with backoff) must
    // not hold the gateway's shutdown.
    shutdown: () => Promise.race([provider.shutdown().catch(() => undefined), sleep(SHUTDOWN_GRACE_MS, undefined, { ref: false })]),
  };
}

function definedHeaders(headers: TracingConfig['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}

/** The endpoint as it may appear in a log line: scheme, host and path, never user info or query. */
export function describeEndpoint(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
