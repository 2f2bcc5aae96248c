import { GatewayError } from '../../../core/errors/gateway-error.js';
import type { Worker } from '../fleet/worker.js';
import type { CancelSignal } from '../../../core/pipeline/cancellation.js';

interface Waiter {
  /** Whether a slot freed on this worker could serve the waiting request. */
  readonly canUse: (worker: Worker) => boolean;
  readonly wake: () => void;
}

/**
 * Requests waiting for a free slot when every worker they could use is at its connection limit.
 * The wait happens here, in the gateway, before any timer of the upstream call starts: time spent
 * queued is the gateway's load, never the worker's fault. Bounded in length and in time; past
 * either the request gets 503 with Retry-After instead of joining an ever-growing queue.
 */
export class CapacityQueue {
  readonly #waiting: Waiter[] = [];

  constructor(
    private maxWaiting: number,
    private timeoutMs: number,
  ) {}

  /** New limits from a reloaded config; requests already waiting keep their deadline. */
  configure(maxWaiting: number, timeoutMs: number): void {
    this.maxWaiting = maxWaiting;
    this.timeoutMs = timeoutMs;
  }

  get length(): number {
    return this.#waiting.length;
  }

  /** Resolves when a slot was freed somewhere (the caller routes again); rejects with 503 or the abort. */
  wait(canUse: (worker: Worker) => boolean, signal: CancelSignal): Promise<void> {
    if (this.#waiting.length >= this.maxWaiting) return Promise.reject(overloaded('the queue of waiting requests is full'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        canUse,
        wake: () => {
          cleanup();
          resolve();
        },
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(overloaded(`no worker slot freed within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const onAbort = (): void => {
        cleanup();
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        const index = this.#waiting.indexOf(waiter);
        if (index !== -1) this.#waiting.splice(index, 1);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  /** A slot was freed on `worker`: the longest-waiting request it can serve tries again. */
  notify(worker: Worker): void {
    this.#waiting.find((waiter) => waiter.canUse(worker))?.wake();
  }
}

function overloaded(why: string): GatewayError {
  return new GatewayError('GW_ERR_ROUTING_OVERLOADED', `Every worker for this model is at its connection limit and ${why}; retry shortly.`, {
    headers: { 'retry-after': '1' },
  });
}
