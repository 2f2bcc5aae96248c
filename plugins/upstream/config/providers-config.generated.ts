// Generated from schemas/config/providers.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

/**
 * Named upstreams for /proxy/{name}/* and for endpoints that name no model (/v1/files, /v1/batches). Each is a worker spec; clients can only pick a name, never a host.
 */
interface ProvidersConfigDocument {
  [k: string]:
    | {
        /**
         * Scheme, host and port (and an optional base path). No user:password@ part: credentials go in api_key, which is sent to this worker only and never logged.
         */
        url: string;
        /**
         * Which provider adapter speaks to the worker.
         */
        runtime: "openai" | "vllm" | "sglang" | "trtllm" | "anthropic" | "demo";
        api_key?: string;
        /**
         * Model ids this worker serves; discovered from the worker's /v1/models when absent.
         */
        models?: (
          | string
          | {
              id: string;
            }
        )[];
        worker_type: "regular" | "prefill" | "decode";
        /**
         * Prefill workers: the port decode workers fetch KV cache from (SGLang PD).
         */
        bootstrap_port?: number;
        /**
         * Higher is preferred by the priority policy.
         */
        priority: number;
        /**
         * Relative cost; lower is preferred by the cost policy.
         */
        cost: number;
        labels: {
          [k: string]: string | undefined;
        };
        health: {
          /**
           * Probed with GET; any 2xx is healthy. Default: /health, or /v1/models for openai and anthropic runtimes.
           */
          path?: string;
          /**
           * 0 turns active checks off.
           */
          interval_ms: number;
          timeout_ms: number;
          /**
           * Consecutive failed checks that take the worker out.
           */
          failure_threshold: number;
          /**
           * Consecutive good checks that bring it back.
           */
          success_threshold: number;
        };
        /**
         * Connections (and so requests at once) the gateway opens to this worker. Requests beyond it go to another worker or wait in the gateway's queue (resilience.queue), never in the connection pool where the wait would count against the worker.
         */
        max_connections: number;
      }
    | undefined;
}

/** schemas/config/providers.schema.json after validation (defaults filled), frozen. */
export type ProvidersConfig = DeepReadonly<ProvidersConfigDocument>;
