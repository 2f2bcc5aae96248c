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
}

export type AttemptFinished = (outcome: AttemptOutcome) => void;

/**
 * Watches each upstream attempt of a request (a tracer's client span per attempt). Set on the
 * exchange by whoever watches it (`x.attemptObserver`); the stage that calls workers calls it.
 * `headers` are what go to the worker for this attempt (a W3C `traceparent`).
 */
export interface AttemptObserver {
  attemptStarted(x: Exchange, attempt: UpstreamAttempt, headers: Record<string, string>): AttemptFinished | undefined;
}
