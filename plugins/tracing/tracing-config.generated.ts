// Generated from schemas/config/tracing.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface TracingConfigDocument {
  /**
   * Off by default: with tracing off the request path pays one boolean check.
   */
  enabled: boolean;
  /**
   * The collector's OTLP/HTTP traces URL (JSON encoding), e.g. http://otel-collector:4318/v1/traces. An operator value: not SSRF-checked. Credentials in it are never logged.
   */
  otlp_endpoint: string;
  /**
   * Extra headers sent to the collector (an API key: use ${ENV} substitution). Never logged.
   */
  headers: {
    [k: string]: string | undefined;
  };
  /**
   * The service.name resource attribute of every span.
   */
  service_name: string;
  /**
   * Share of new traces recorded (0..1). A request that arrives with a W3C traceparent follows its caller's sampled flag.
   */
  sample_ratio: number;
  /**
   * How long finished spans wait to be exported in one batch.
   */
  export_delay_ms: number;
  /**
   * Finished spans held for export; beyond it spans are dropped (never blocking a request).
   */
  max_queue_size: number;
}

/** schemas/config/tracing.schema.json after validation (defaults filled), frozen. */
export type TracingConfig = DeepReadonly<TracingConfigDocument>;
