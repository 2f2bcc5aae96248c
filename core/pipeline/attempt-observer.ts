import type { Exchange } from './exchange.js';

/** One try at a worker: its id (never its URL) and the model it was asked for. */
export interface UpstreamAttempt {
  /** 1 for the first try, 2 for the first retry … */
  readonly number: number;
  readonly worker: string;
  readonly model: string;
}

/** How an attempt ended: the worker's HTTP status when it answered, or what failed. */
export interface AttemptOutcome {
  readonly status: number | undefined;
  readonly error: unknown;
  /**
   * How a call ended in the caller's own small fixed set of words (the tool loop's metric
   * statuses: `ok`, `tool_error`, `timeout` …), for a span attribute; never free text.
   */
  readonly outcome?: string;
}

export type AttemptFinished = (outcome: AttemptOutcome) => void;

/**
 * A call a stage makes to another service on the request's behalf (an MCP tool call). The stage
 * names it: `name` is a small fixed set (a span name), `attributes` ids and bounded values only —
 * never a URL, a key, arguments or results.
 */
export interface OutboundCall {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string | number>>;
}

/**
 * Watches each upstream attempt of a request (a tracer's client span per attempt). Set on the
 * exchange by whoever watches it (`x.attemptObserver`); the stage that calls workers calls it.
 * `headers` are what go to the worker for this attempt (a W3C `traceparent`).
 */
export interface AttemptObserver {
  attemptStarted(x: Exchange, attempt: UpstreamAttempt, headers: Record<string, string>): AttemptFinished | undefined;
  /**
   * The same for a call to something other than a worker: `headers` are what the stage sends with
   * it (a W3C `traceparent`), filled in by the observer.
   */
  callStarted?(x: Exchange, call: OutboundCall, headers: Record<string, string>): AttemptFinished | undefined;
}
