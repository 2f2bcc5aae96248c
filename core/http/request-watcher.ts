import type { IncomingHttpHeaders } from 'node:http';
import type { AttemptFinished, OutboundCall } from '../pipeline/attempt-observer.js';
import type { Exchange } from '../pipeline/exchange.js';

/** A request as it arrives, before routing and auth: enough to continue a caller's trace. */
export interface WatchedRequest {
  readonly method: string;
  /** Without the query string (which may carry anything). */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly requestId: string;
}

/** How a request ended, in bounded, secret-free terms (what the request log and metrics use). */
export interface WatchedOutcome {
  /** The registered route template, or "unmatched". */
  readonly route: string;
  /** 499 when the client went away first. */
  readonly status: number;
  /** The model the client asked for, when the route has one. */
  readonly model: string | undefined;
  /** The model that answered (a fallback's, maybe). */
  readonly servedModel: string | undefined;
  /** The in-band error a stream ended with, when it did. */
  readonly streamError: string | undefined;
}

/** One request being watched; the kernel tells it when its exchange exists and when it ended. */
export interface RequestWatch {
  /** The data-plane exchange was made, before its first stage runs. */
  exchangeCreated?(x: Exchange): void;
  /**
   * A plugin route's handler calls another service on this request's behalf (an MCP `tools/call`
   * through `/mcp`): a tracer's client span under the request's. `headers` are what the handler
   * sends with it (a W3C `traceparent`), filled in here. Routes with an exchange use the
   * exchange's `attemptObserver` instead.
   */
  callStarted?(call: OutboundCall, headers: Record<string, string>): AttemptFinished | undefined;
  /** The response fully left, or the client went away. Called once. */
  finished(outcome: WatchedOutcome): void;
}

/**
 * Watches every request from arrival to the response's end (a tracer's server span). Offer it only
 * when switched on: each request then costs one call; `requestStarted` may return undefined to skip one.
 */
export interface RequestWatcher {
  requestStarted(request: WatchedRequest): RequestWatch | undefined;
}
