// Generated from schemas/stages/upstream.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface UpstreamStageConfigDocument {
  /**
   * inject: ask streaming upstreams for usage (stream_options.include_usage) and hide it from clients that did not ask; passthrough: send the request as the client wrote it.
   */
  stream_usage: "inject" | "passthrough";
  /**
   * Largest non-streaming upstream body the gateway will read.
   */
  max_response_bytes: number;
  /**
   * Time to first byte: how long to wait for the worker's response headers. Past it: 504 (retried on another worker when allowed).
   */
  headers_timeout_ms: number;
  /**
   * How long a TCP/TLS connect may take. Past it: 504 (retried when allowed).
   */
  connect_timeout_ms: number;
  /**
   * Longest silence between two body chunks. Past it: 504 before the first byte reached the client, an in-band SSE error after.
   */
  idle_timeout_ms: number;
  /**
   * Whole request, all attempts and the full stream included; 0: none. Past it: 504 before the first byte, an in-band SSE error after.
   */
  total_timeout_ms: number;
  /**
   * Largest single SSE event from a worker; past it the stream fails in-band (and counts against the worker) instead of buffering on.
   */
  max_event_bytes: number;
}

/** schemas/stages/upstream.schema.json after validation (defaults filled), frozen. */
export type UpstreamStageConfig = DeepReadonly<UpstreamStageConfigDocument>;
