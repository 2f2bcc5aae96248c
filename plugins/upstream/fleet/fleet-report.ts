import type { WorkerPool } from './worker-pool.js';

/**
 * The fleet as this replica sees it, for whoever reports on replicas (the ha plugin's `/ha/workers`
 * and `/ha/policies`, wired in builtin-plugins.ts). Bound once the plugin is set up; empty before.
 * Ids and states only: never a worker's URL or key.
 */
export class FleetReport {
  #pool: WorkerPool | undefined;
  #router: { policies(): readonly { readonly model: string; readonly policy: string }[] } | undefined;

  bind(pool: WorkerPool, router: { policies(): readonly { readonly model: string; readonly policy: string }[] }): void {
    this.#pool = pool;
    this.#router = router;
  }

  workers(): { id: string; models: string[]; healthy: boolean; draining: boolean; circuit: string; circuits: Record<string, string>; in_flight: number; max_in_flight: number }[] {
    return (this.#pool?.workers ?? []).map((w) => ({
      id: w.id,
      models: [...w.models].sort(),
      healthy: w.healthy,
      draining: w.draining,
      circuit: w.circuit,
      circuits: Object.fromEntries(w.breakerStates()),
      in_flight: w.inFlight,
      max_in_flight: w.maxInFlight,
    }));
  }

  policies(): { model: string; policy: string; workers: string[]; available_workers: string[] }[] {
    const pool = this.#pool;
    if (pool === undefined || this.#router === undefined) return [];
    return this.#router.policies().map(({ model, policy }) => {
      const workers = pool.workersFor(model);
      return { model, policy, workers: workers.map((w) => w.id), available_workers: workers.filter((w) => w.acceptsModel(model)).map((w) => w.id) };
    });
  }
}
