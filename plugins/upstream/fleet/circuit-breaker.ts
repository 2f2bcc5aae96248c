export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerSettings {
  readonly failure_threshold: number;
  readonly cooldown_ms: number;
  readonly success_threshold: number;
}

/**
 * closed → open after N consecutive failures → half-open once the cool-down passed, letting one
 * probe request through at a time → closed after M successful probes (a failed probe reopens).
 * Only what the worker did counts: an attempt the client abandoned is released with no verdict.
 * Separately, a worker that asked for a pause (`Retry-After` on a 429/503) is skipped until then.
 */
export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #successes = 0;
  #openedAt = 0;
  #probeInFlight = false;
  #pausedUntil = 0;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
    private readonly onChange: (state: BreakerState) => void = () => undefined,
  ) {}

  get state(): BreakerState {
    if (this.#state === 'open' && this.now() - this.#openedAt >= this.settings.cooldown_ms) this.#set('half_open');
    return this.#state;
  }

  /** Whether a request may go to this worker now; in half-open, claims the single probe slot. */
  tryAcquire(): boolean {
    if (this.paused) return false;
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.#probeInFlight) return false;
    this.#probeInFlight = true;
    return true;
  }

  /** Without claiming anything: could a request be let through? (for candidate filtering) */
  get available(): boolean {
    if (this.paused) return false;
    const state = this.state;
    return state === 'closed' || (state === 'half_open' && !this.#probeInFlight);
  }

  recordSuccess(): void {
    if (this.#state === 'half_open') {
      this.#probeInFlight = false;
      this.#successes += 1;
      if (this.#successes >= this.settings.success_threshold) this.#set('closed');
      return;
    }
    this.#failures = 0;
  }

  /** The attempt ended with no verdict on the worker (the client went away): frees a probe slot. */
  release(): void {
    this.#probeInFlight = false;
  }

  /** The worker asked for a pause (Retry-After): no requests until then; not a failure. */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.now() + ms);
  }

  get paused(): boolean {
    return this.#pausedUntil > this.now();
  }

  /** How much of a pause is left (0 when none). */
  get pausedForMs(): number {
    return Math.max(0, this.#pausedUntil - this.now());
  }

  recordFailure(): void {
    if (this.#state === 'half_open') {
      this.#probeInFlight = false;
      this.#open();
      return;
    }
    this.#failures += 1;
    if (this.#state === 'closed' && this.#failures >= this.settings.failure_threshold) this.#open();
  }

  #open(): void {
    this.#openedAt = this.now();
    this.#set('open');
  }

  #set(state: BreakerState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#failures = 0;
    this.#successes = 0;
    this.onChange(state);
  }
}
