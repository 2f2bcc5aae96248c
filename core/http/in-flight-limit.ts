import { releaseOnce } from '../util/release-once.js';

/** A count of data-plane requests in progress with a ceiling (`server.max_in_flight`). */
export interface InFlightLimit {
  /** A release function, or undefined when the gateway is full. */
  tryAcquire(): (() => void) | undefined;
  readonly current: number;
}

export function createInFlightLimit(max: number): InFlightLimit {
  let current = 0;
  return {
    tryAcquire() {
      if (current >= max) return undefined;
      current += 1;
      return releaseOnce(() => (current -= 1));
    },
    get current() {
      return current;
    },
  };
}
