/** schemas/stages/upstream.schema.json after defaults. */
export interface UpstreamStageConfig {
  readonly stream_usage: 'inject' | 'passthrough';
  readonly max_response_bytes: number;
  readonly connect_timeout_ms: number;
  readonly headers_timeout_ms: number;
  readonly idle_timeout_ms: number;
  readonly total_timeout_ms: number;
}

export const UPSTREAM_SCHEMA_ID = 'https://switchyard.dev/schemas/stages/upstream.schema.json';
