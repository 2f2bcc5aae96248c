import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

interface ActiveStream {
  readonly res: ServerResponse;
  readonly body: Readable;
  /** The in-band event that tells this route's clients the stream failed (its dialect's shape). */
  readonly errorEvent: () => string;
}

/**
 * Event streams being sent right now, so a drain that runs out of time can end each with an in-band
 * error event instead of cutting the socket (which an SDK may read as a clean, short answer). Costs
 * nothing per chunk: the body is only unpiped at the deadline. Events are whole when they reach
 * the response (every SSE producer in the gateway writes complete events), so the error event
 * never lands inside another one.
 */
export class ActiveStreams {
  readonly #streams = new Set<ActiveStream>();

  /** Returns the function that forgets the stream (call it when the response has ended). */
  track(res: ServerResponse, body: Readable, errorEvent: () => string): () => void {
    const entry: ActiveStream = { res, body, errorEvent };
    this.#streams.add(entry);
    return () => this.#streams.delete(entry);
  }

  get size(): number {
    return this.#streams.size;
  }

  interruptAll(): void {
    for (const { res, body, errorEvent } of this.#streams) {
      body.unpipe(res);
      body.destroy();
      if (!res.writableEnded) res.end(errorEvent());
    }
    this.#streams.clear();
  }
}
