import type { Readable } from 'node:stream';
import type { JsonObject, RawRequest, UpstreamOperation } from '../../../core/pipeline/exchange.js';
import type { Worker } from '../fleet/worker-pool.js';
import type { CancelSignal } from '../../../core/pipeline/cancellation.js';

/** One call to a worker, already routed. */
export interface UpstreamCall {
  readonly worker: Worker;
  readonly operation: UpstreamOperation;
  readonly body: JsonObject;
  readonly requestId: string;
  /** Undici takes it as a request signal; `abortSignalOf` gives a real AbortSignal where one is needed. */
  readonly signal: CancelSignal;
  readonly timeouts: UpstreamTimeouts;
  /** Extra body fields for this worker only (e.g. SGLang prefill/decode bootstrap fields). */
  readonly bodyExtras?: Readonly<Record<string, unknown>>;
  /** Passthrough: forward these bytes to this path instead of a JSON body to the operation's path. */
  readonly raw?: RawRequest;
  /** Headers stages asked to send (Exchange.upstreamHeaders); the adapter's own headers win. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface UpstreamTimeouts {
  readonly connectMs: number;
  /** Until the response headers (time to first byte). */
  readonly headersMs: number;
  /** Longest silence between two body chunks. */
  readonly idleMs: number;
}

/**
 * The worker's answer as bytes: the adapter does not parse or buffer it, so a streaming body is
 * passed on chunk by chunk. Its `body` must be consumed or destroyed by the caller.
 */
export interface UpstreamReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readable;
}

/** Speaks one wire protocol to workers (vercel/ai's provider files are the model). */
export interface ProviderAdapter {
  /** The worker runtimes (config `runtime`) this adapter serves. */
  readonly runtimes: readonly string[];
  send(call: UpstreamCall): Promise<UpstreamReply>;
  /** Model ids the worker serves, for workers registered without a model list. */
  listModels(worker: Worker, signal: AbortSignal): Promise<string[]>;
  /** HTTP status of a GET on the worker's health path (the adapter knows its default path). */
  probe(worker: Worker, signal: AbortSignal): Promise<number>;
  /** Asks the worker to drop its prefix cache; undefined when its runtime has no such call. */
  flushCache?(worker: Worker, signal: AbortSignal): Promise<number | undefined>;
  /** The worker's own Prometheus text, if it has one. */
  fetchMetrics?(worker: Worker, signal: AbortSignal): Promise<string | undefined>;
  close?(): Promise<void>;
}

/** A transport-level failure: nothing usable came back from the worker. */
export class UpstreamUnreachableError extends Error {
  constructor(
    message: string,
    readonly kind: 'connect' | 'connect_timeout' | 'headers_timeout' | 'aborted' | 'ssrf' | 'invalid_response' | 'other',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpstreamUnreachableError';
  }
}

/** The worker's stream broke its protocol (an event that is not what the API defines). */
export class UpstreamProtocolError extends Error {
  override name = 'UpstreamProtocolError';
}
