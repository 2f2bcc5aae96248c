// Generated from schemas/config/extproc.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

/**
 * Absent port: no ExtProc server. With one, a gRPC server next to the HTTP server runs the routes' own pipelines on the requests Envoy hands over. Restart to change.
 */
interface ExtProcConfigDocument {
  /**
   * Port the gRPC server listens on (0 picks a free one); `switchyard launch --extproc-port N` sets it.
   */
  port?: number;
  /**
   * Address the gRPC server listens on. Plaintext gRPC: keep it on loopback or a private network Envoy shares.
   */
  host: string;
  /**
   * When the gateway drains: how long streams in progress get to finish before they are cut (Envoy then applies its failure_mode_allow).
   */
  drain_timeout_ms: number;
  /**
   * Model → the worker address (host:port) Envoy should send it to, answered as x-semantic-destination-endpoint for an original_dst cluster. A model not listed gets no such header.
   */
  endpoints: {
    [k: string]: string | undefined;
  };
}

/** schemas/config/extproc.schema.json after validation (defaults filled), frozen. */
export type ExtProcConfig = DeepReadonly<ExtProcConfigDocument>;
