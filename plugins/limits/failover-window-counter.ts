import type { Counter } from 'prom-client';
import { GatewayError } from '../../core/errors/gateway-error.js';
import type { WindowCounter, WindowEntry, WindowState } from './window-counter.js';

/**
 * Puts a shared backend (Redis) in front of a local one. When the shared one fails or times out,
 * fail_open counts locally (each replica then enforces the limit on its own) and fail_closed
 * answers 503; either way the failure is counted in /metrics.
 */
export class FailoverWindowCounter implements WindowCounter {
  constructor(
    private readonly primary: WindowCounter,
    private readonly fallback: WindowCounter,
    private readonly onFailure: 'fail_open' | 'fail_closed',
    private readonly failures: Counter<'backend' | 'outcome'>,
  ) {}

  consume(key: string, limit: number, cost: number, windowMs: number): Promise<WindowState> {
    return this.#run(
      () => this.primary.consume(key, limit, cost, windowMs),
      () => this.fallback.consume(key, limit, cost, windowMs),
    );
  }

  add(key: string, amount: number, windowMs: number): Promise<void> {
    return this.#run(
      () => this.primary.add(key, amount, windowMs),
      () => this.fallback.add(key, amount, windowMs),
    );
  }

  peek(key: string, windowMs: number): Promise<{ used: number; resetMs: number }> {
    return this.#run(
      () => this.primary.peek(key, windowMs),
      () => this.fallback.peek(key, windowMs),
    );
  }

  /** The shared counters; on failure the local ones, whatever on_failure says (stats refuse nothing). */
  async snapshot(): Promise<readonly WindowEntry[]> {
    try {
      return await this.primary.snapshot();
    } catch {
      return this.fallback.snapshot();
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.primary.close(), this.fallback.close()]);
  }

  async #run<T>(primary: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    try {
      return await primary();
    } catch {
      this.failures.inc({ backend: 'redis', outcome: this.onFailure });
      if (this.onFailure === 'fail_closed') {
        throw new GatewayError('GW_ERR_LIMITS_BACKEND_UNAVAILABLE', 'The rate-limit backend is unavailable; try again shortly.', {
          headers: { 'retry-after': '1' },
        });
      }
      return fallback();
    }
  }
}
