import type { Logger } from 'pino';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { Worker } from './worker.js';

/**
 * Active health checks: each worker is probed every `health.interval_ms`; `failure_threshold`
 * failures in a row take it out of rotation and `success_threshold` successes bring it back.
 */
export class HealthChecker {
  readonly #timers = new Map<Worker, NodeJS.Timeout>();

  constructor(
    private readonly providers: ProviderRegistry,
    private readonly logger: Logger,
    private readonly onChange: (worker: Worker) => void = () => undefined,
  ) {}

  watch(worker: Worker): void {
    const health = worker.spec.health;
    if (health.interval_ms === 0 || this.#timers.has(worker)) return;
    let failures = 0;
    let successes = 0;
    const timer = setInterval(() => {
      void this.probe(worker).then((ok) => {
        if (ok) {
          failures = 0;
          successes += 1;
          if (!worker.healthy && successes >= health.success_threshold) this.#set(worker, true);
        } else {
          successes = 0;
          failures += 1;
          if (worker.healthy && failures >= health.failure_threshold) this.#set(worker, false);
        }
      });
    }, health.interval_ms);
    timer.unref();
    this.#timers.set(worker, timer);
  }

  unwatch(worker: Worker): void {
    clearInterval(this.#timers.get(worker));
    this.#timers.delete(worker);
  }

  /** One probe: any 2xx within the timeout is healthy. */
  async probe(worker: Worker): Promise<boolean> {
    try {
      const status = await this.providers.forRuntime(worker.runtime).probe(worker, AbortSignal.timeout(worker.spec.health.timeout_ms));
      return status >= 200 && status < 300;
    } catch {
      return false;
    }
  }

  close(): void {
    for (const timer of this.#timers.values()) clearInterval(timer);
    this.#timers.clear();
  }

  #set(worker: Worker, healthy: boolean): void {
    worker.healthy = healthy;
    this.logger.warn({ worker: worker.id, healthy }, healthy ? 'worker healthy again' : 'worker failed its health checks');
    this.onChange(worker);
  }
}
