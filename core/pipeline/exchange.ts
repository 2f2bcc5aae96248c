import type { Readable } from 'node:stream';
import { ExchangeState } from './exchange-state.js';
import type { Principal } from '../auth/principal.js';

export type JsonObject = Record<string, unknown>;

/** What a data-plane route is, independent of any stage. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDescriptor {
  /** The route's path, also its key under `routes:` in config. */
  readonly path: string;
  readonly methods: readonly HttpMethod[];
  /** The upstream operation the route maps to; provider adapters switch on it. */
  readonly operation: UpstreamOperation;
  /** Whether a request may ask for `stream: true`. */
  readonly streamable: boolean;
}

/** `passthrough`: the request is forwarded as the client sent it (see ExchangeRequest.raw). */
export type UpstreamOperation = 'chat.completions' | 'completions' | 'embeddings' | 'passthrough';

/** A passthrough request as it goes upstream: the client's bytes, a path the gateway built. */
export interface RawRequest {
  readonly method: string;
  /** Path and query on the worker, built from the route (never a client-chosen host). */
  readonly path: string;
  readonly contentType: string | undefined;
  readonly accept: string | undefined;
  readonly body: Buffer | undefined;
  /** Where it goes: by model, to the files provider, or to the provider named in the path. */
  readonly target: 'model' | 'files-provider' | 'path-provider';
  /** The provider named in the path (/proxy/{provider}/…). */
  readonly provider: string | undefined;
}

export interface ExchangeRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Validated at ingress against the route's request schema; stages may replace it. */
  body: JsonObject;
  /** `body.model` as validated at ingress (empty when the route has none). */
  readonly model: string;
  readonly stream: boolean;
  readonly raw?: RawRequest;
}

export type ExchangeResponse =
  | { readonly kind: 'json'; status: number; headers: Record<string, string>; body: unknown }
  | { readonly kind: 'stream'; status: number; headers: Record<string, string>; body: Readable };

export interface UsageRecord {
  readonly model: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** Why a stream ended with an in-band error event (a bounded metrics label). */
export type StreamErrorReason = 'upstream_failed' | 'upstream_incomplete' | 'idle_timeout' | 'total_timeout' | 'event_too_large' | 'invalid_event' | 'policy' | 'draining';

export interface ExchangeTimings {
  /** performance.now() when the gateway received the request. */
  readonly startedAt: number;
  /** performance.now() when the first body byte of a streamed response was produced. */
  firstByteAt: number | undefined;
}

/**
 * One request's journey through a pipeline: what every stage reads and writes. Replaces Koa's
 * untyped ctx.state.
 */
export class Exchange {
  readonly state = new ExchangeState();
  readonly usage: UsageRecord[] = [];
  readonly timings: ExchangeTimings;
  response: ExchangeResponse | undefined;
  /** Set when the response stream ended with an in-band error instead of its natural end. */
  streamError: StreamErrorReason | undefined;
  readonly #onComplete: (() => void)[] = [];

  constructor(
    readonly requestId: string,
    readonly route: RouteDescriptor,
    readonly request: ExchangeRequest,
    /** Who is calling; ANONYMOUS on an open gateway. */
    readonly principal: Principal,
    /** Aborted when the client goes away or the gateway gives up on the request. */
    readonly signal: AbortSignal,
    startedAt: number,
  ) {
    this.timings = { startedAt, firstByteAt: undefined };
  }

  /** A deliberate short-circuit: the stage answers and does not call next(). */
  respond(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.response = { kind: 'json', status, headers, body };
  }

  markFirstByte(now: number): void {
    this.timings.firstByteAt ??= now;
  }

  /**
   * Runs `fn` once the response has fully left (or the client went away): the moment a stream's
   * usage is known. Errors thrown by `fn` are the caller's to avoid; they are swallowed here.
   */
  onComplete(fn: () => void): void {
    this.#onComplete.push(fn);
  }

  /** Called by the kernel when the response is done. */
  complete(): void {
    for (const fn of this.#onComplete.splice(0)) {
      try {
        fn();
      } catch {
        // A stage's bookkeeping must never break the connection's teardown.
      }
    }
  }
}
