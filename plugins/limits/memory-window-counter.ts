import type { WindowCounter, WindowEntry, WindowState } from './window-counter.js';

interface Window {
  start: number;
  used: number;
  readonly windowMs: number;
}

/**
 * In-process counters: exact because check-and-count runs in one synchronous step. Windows are
 * aligned to the clock (a request at 12:00:59 and one at 12:01:00 fall in different minutes).
 */
export class MemoryWindowCounter implements WindowCounter {
  readonly #windows = new Map<string, Window>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    // Stale windows of keys that stopped calling would otherwise stay forever.
    this.#sweeper = setInterval(() => this.#sweep(), 60_000);
    this.#sweeper.unref();
  }

  consume(key: string, limit: number, cost: number, windowMs: number): Promise<WindowState> {
    const now = this.now();
    const window = this.#current(key, windowMs, now);
    const resetMs = window.start + windowMs - now;
    if (window.used + cost > limit) return Promise.resolve({ allowed: false, used: window.used, resetMs });
    window.used += cost;
    return Promise.resolve({ allowed: true, used: window.used, resetMs });
  }

  add(key: string, amount: number, windowMs: number): Promise<void> {
    this.#current(key, windowMs, this.now()).used += amount;
    return Promise.resolve();
  }

  peek(key: string, windowMs: number): Promise<{ used: number; resetMs: number }> {
    const now = this.now();
    const window = this.#current(key, windowMs, now);
    return Promise.resolve({ used: window.used, resetMs: window.start + windowMs - now });
  }

  snapshot(): Promise<readonly WindowEntry[]> {
    const now = this.now();
    const entries: WindowEntry[] = [];
    for (const [key, window] of this.#windows) {
      const resetMs = window.start + window.windowMs - now;
      if (resetMs > 0) entries.push({ key, used: window.used, resetMs });
    }
    return Promise.resolve(entries);
  }

  close(): Promise<void> {
    clearInterval(this.#sweeper);
    return Promise.resolve();
  }

  #current(key: string, windowMs: number, now: number): Window {
    const start = now - (now % windowMs);
    let window = this.#windows.get(key);
    if (window === undefined || window.start !== start) {
      window = { start, used: 0, windowMs };
      this.#windows.set(key, window);
    }
    return window;
  }

  #sweep(): void {
    const now = this.now();
    for (const [key, window] of this.#windows) {
      if (window.start + window.windowMs <= now) this.#windows.delete(key);
    }
  }
}
