import { randomUUID } from 'node:crypto';
import type { ModelInfoConfig, ModelsConfig, WorkerConfig } from '../config/config-types.js';
import type { BreakerSettings } from './circuit-breaker.js';
import { Worker, type ConnectLookup, type WorkerHooks } from './worker.js';

export { Worker } from './worker.js';

export interface ModelCard {
  readonly id: string;
  readonly object: 'model';
  readonly created: number;
  readonly owned_by: string;
  readonly context_window?: number;
  readonly max_tokens?: number;
  readonly capabilities?: readonly string[];
  readonly pricing?: ModelInfoConfig['pricing'];
}

/**
 * Every worker the gateway knows and which models each serves. Workers come from config (ids
 * `worker-N`) and from the admin API (UUIDs); the model index is rebuilt in one assignment on each
 * change, so a request never sees half an update.
 */
export class WorkerPool {
  readonly #workers = new Map<string, Worker>();
  #byModel = new Map<string, Worker[]>();
  readonly #createdAt = Math.floor(Date.now() / 1000);

  constructor(
    configs: readonly WorkerConfig[],
    private readonly modelInfo: ModelsConfig,
    private readonly breakerSettings: BreakerSettings = { failure_threshold: 5, cooldown_ms: 10_000, success_threshold: 2 },
    private readonly hooks: WorkerHooks = { onBreakerChange: () => undefined, onRelease: () => undefined },
    private readonly guardedLookup: ConnectLookup | undefined = undefined,
  ) {
    configs.forEach((config, index) => this.add(this.create(config, 'config', `worker-${index + 1}`)));
  }

  create(spec: WorkerConfig, source: 'config' | 'api', id: string = randomUUID()): Worker {
    return new Worker(id, spec, source, this.breakerSettings, this.hooks, source === 'api' ? this.guardedLookup : undefined);
  }

  get workers(): Worker[] {
    return [...this.#workers.values()];
  }

  get(id: string): Worker | undefined {
    return this.#workers.get(id);
  }

  /** Adds a worker, or replaces the one with the same id (the old one drains). */
  add(worker: Worker): void {
    const previous = this.#workers.get(worker.id);
    if (previous !== undefined) previous.draining = true;
    this.#workers.set(worker.id, worker);
    this.#index();
  }

  /** Stops new traffic to a worker; requests already on it finish. */
  remove(id: string): Worker | undefined {
    const worker = this.#workers.get(id);
    if (worker === undefined) return undefined;
    worker.draining = true;
    this.#workers.delete(id);
    this.#index();
    return worker;
  }

  setModels(worker: Worker, models: readonly string[]): void {
    worker.models = new Set(models);
    this.#index();
  }

  /** Some worker (healthy or not) lists the model. */
  hasModel(model: string): boolean {
    return this.#byModel.has(model);
  }

  /** Every worker listing the model, routable or not. */
  workersFor(model: string): readonly Worker[] {
    return this.#byModel.get(model) ?? [];
  }

  listModels(): ModelCard[] {
    return [...this.#byModel.keys()].sort().map((id) => {
      const info = Object.hasOwn(this.modelInfo, id) ? this.modelInfo[id] : undefined;
      // Routing settings (policy, fallbacks) are the operator's, not the model's description.
      const shown = {
        ...(info?.context_window === undefined ? {} : { context_window: info.context_window }),
        ...(info?.max_tokens === undefined ? {} : { max_tokens: info.max_tokens }),
        ...(info?.capabilities === undefined ? {} : { capabilities: info.capabilities }),
        ...(info?.pricing === undefined ? {} : { pricing: info.pricing }),
      };
      return { id, object: 'model', created: this.#createdAt, owned_by: 'switchyard', ...shown };
    });
  }

  #index(): void {
    const byModel = new Map<string, Worker[]>();
    for (const worker of this.#workers.values()) {
      for (const model of worker.models) {
        const list = byModel.get(model) ?? [];
        list.push(worker);
        byModel.set(model, list);
      }
    }
    this.#byModel = byModel;
  }
}
