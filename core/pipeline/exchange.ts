import type { Readable } from 'node:stream';
import { ExchangeState } from './exchange-state.js';
import type { Principal } from '../auth/principal.js';
import type { ResponseTransform } from '../streams/response-transform.js';
import { abortSignalOf, type CancelSignal } from './cancellation.js';
import type { AttemptObserver } from './attempt-observer.js';

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
  /**
   * The stage that answers this route when it is not the workers (a plugin's own terminal stage,
   * e.g. the A2A relay): it takes the place of the default `pipeline`'s terminal stage, so the
   * stages before it (limits, policies) still run. A route's own `pipeline` must end with it.
   */
  readonly terminalStage?: string;
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
  /** Where it goes, as the route says (`model`, `files-provider`, `path-provider` …). */
  readonly target: string;
  /** The route's path parameters (`/proxy/:provider/…` → `{ provider }`), decoded. */
  readonly params: Readonly<Record<string, string>>;
}

export interface ExchangeRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Validated at ingress against the route's request schema; stages may replace it. */
  body: JsonObject;
  /**
   * `body.model` as validated at ingress (empty when the route has none). A routing stage before
   * `upstream` (semantic-route) may change it, and `body.model` with it: `upstream` routes by it.
   */
  model: string;
  readonly stream: boolean;
  /** A passthrough request's bytes; stages may replace it (a redaction stage rewrites the body). */
  raw?: RawRequest;
}

export type ExchangeResponse =
  | { readonly kind: 'json'; status: number; headers: Record<string, string>; body: unknown }
  | {
      readonly kind: 'stream';
      status: number;
      headers: Record<string, string>;
      body: Readable;
      /**
       * Whoever produced the stream wants to know when a reader finds it broken (an event that is
       * not what the API defines): the upstream stage charges the worker that sent it.
       */
      readonly reportMalformed?: (err: Error) => void;
    };

export interface UsageRecord {
  readonly model: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Of promptTokens, those the provider served from its prompt cache (priced apart, counted once). */
  readonly cachedTokens?: number;
  /** Of promptTokens, those written to the provider's prompt cache (Anthropic bills them above the prompt price). */
  readonly cacheWriteTokens?: number;
  /** What it cost, when the model has a price (in `currency`). */
  readonly cost?: number;
  /** ISO 4217 code of `cost` (from the model's pricing). */
  readonly currency?: string;
  /** Counted by the gateway (a tokenizer), not reported by the provider: a stream that sent no usage. */
  readonly estimated?: boolean;
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
  /** Text transforms asked for on the response path, innermost stage first (see core/streams). */
  readonly transforms: ResponseTransform[] = [];
  /**
   * Headers a stage asks to send to the worker (e.g. semantic-route's `x-selected-model`); the
   * gateway's own (authorization, x-request-id) always win over these.
   */
  readonly upstreamHeaders: Record<string, string> = {};
  /** How deep the pipeline got: the index of the last stage whose handle ran (-1: none). */
  reached = -1;
  /** Upstream attempts made for this request (0: none; more than 1: retries). For the request log. */
  attempts = 0;
  /** The worker that answered, once one did: its id, never its URL or key. */
  servedWorker: string | undefined;
  /** The model that answered (a fallback's, maybe). */
  servedModel: string | undefined;
  /** Watches upstream attempts (a tracer); set by a plugin watching this request, else undefined. */
  attemptObserver: AttemptObserver | undefined;

  constructor(
    readonly requestId: string,
    readonly route: RouteDescriptor,
    readonly request: ExchangeRequest,
    /** Who is calling; ANONYMOUS on an open gateway. */
    readonly principal: Principal,
    /**
     * Aborted when the client goes away or the gateway gives up on the request. The cheap form for
     * the request path (undici takes it as a signal); `signal` is the same as a real AbortSignal.
     */
    readonly cancel: CancelSignal,
    startedAt: number,
  ) {
    this.timings = { startedAt, firstByteAt: undefined };
  }

  private abortSignal: AbortSignal | undefined;

  /** `cancel` as a real AbortSignal, for APIs that need one (AbortSignal.any, fetch); made on first use. */
  get signal(): AbortSignal {
    return (this.abortSignal ??= abortSignalOf(this.cancel));
  }

  /** A deliberate short-circuit: the stage answers and does not call next(). */
  respond(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.response = { kind: 'json', status, headers, body };
  }

  markFirstByte(now: number): void {
    this.timings.firstByteAt ??= now;
  }

  /**
   * Asks to see (and maybe rewrite) the text of the response, stream or not, as typed parts. Call
   * it on the response path (after `await next()`): transforms run in the order they were added,
   * innermost stage first. A route where no stage asks pays nothing: bytes pass through unparsed.
   */
  transformResponse(transform: ResponseTransform): void {
    this.transforms.push(transform);
  }
}
