import { releaseOnce } from '../../../core/util/release-once.js';

/**
 * Retries in flight may be at most `ratio` of the requests in flight, or `min`, whichever is
 * larger: when every worker fails, retries stay a fraction of traffic instead of multiplying it.
 */
export class RetryBudget {
  #active = 0;
  #retrying = 0;

  constructor(
    private readonly ratio: number,
    private readonly min: number,
  ) {}

  requestStarted(): () => void {
    this.#active += 1;
    return releaseOnce(() => (this.#active -= 1));
  }

  /** Claims a retry if the budget allows; call the returned function when that attempt is over. */
  tryRetry(): (() => void) | undefined {
    if (this.#retrying >= Math.max(this.min, Math.floor(this.ratio * this.#active))) return undefined;
    this.#retrying += 1;
    return releaseOnce(() => (this.#retrying -= 1));
  }
}
