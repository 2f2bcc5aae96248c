import { Gauge, type Registry } from 'prom-client';
import type { WorkerPool } from './worker-pool.js';

const BREAKER_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

/**
 * Per-worker state, read from the pool at scrape time (nothing on the request path). The worker
 * label is bounded by the number of registered workers, the model label by the models they list.
 */
export function registerWorkerMetrics(registry: Registry, pool: WorkerPool): void {
  new Gauge({
    name: 'switchyard_worker_circuit_state',
    help: 'Circuit breaker per worker and model: 0 closed, 1 half-open, 2 open (models that have seen traffic).',
    labelNames: ['worker', 'model'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const w of pool.workers) for (const [model, state] of w.breakerStates()) this.set({ worker: w.id, model }, BREAKER_VALUE[state]);
    },
  });
  new Gauge({
    name: 'switchyard_worker_healthy',
    help: 'Whether the worker passes its active health checks (1) or not (0).',
    labelNames: ['worker'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const w of pool.workers) this.set({ worker: w.id }, w.healthy ? 1 : 0);
    },
  });
  new Gauge({
    name: 'switchyard_worker_in_flight',
    help: 'Requests sent to the worker and not yet fully answered.',
    labelNames: ['worker'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const w of pool.workers) this.set({ worker: w.id }, w.inFlight);
    },
  });
}
