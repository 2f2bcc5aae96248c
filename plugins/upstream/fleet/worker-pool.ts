import { randomUUID } from 'node:crypto';
import type { ModelInfoConfig, ModelsConfig, WorkerConfig } from '../config/config-types.js';
import type { BreakerSettings } from './circuit-breaker.js';
import { Worker, type ConnectLookup, type WorkerHooks } from './worker.js';

export { Worker } from './worker.js';

export interface ConfiguredWorkersPlan {
  readonly keep: readonly Worker[];
  /** New or replacing (same id as the worker it replaces, which then drains). */
  readonly add: readonly Worker[];
  readonly remove: readonly Worker[];
}

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
    private modelInfo: ModelsConfig,
    private breakerSettings: BreakerSettings = { failure_threshold: 5, cooldown_ms: 10_000, success_threshold: 2 },
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

  /**
   * What a reloaded config's worker list changes, without changing anything yet: a worker whose
   * spec is unchanged keeps its object (breakers, load, models discovered), one whose URL stayed but
   * spec changed is replaced under the same id, a new one gets a fresh `worker-N`, and config
   * workers no longer listed are removed (they drain). API-registered workers are untouched.
   */
  planConfigured(specs: readonly WorkerConfig[]): ConfiguredWorkersPlan {
    const current = this.workers.filter((w) => w.source === 'config' && !w.id.startsWith('provider:'));
    const unused = new Set(current);
    const take = (match: (w: Worker) => boolean): Worker | undefined => {
      const found = [...unused].find(match);
      if (found !== undefined) unused.delete(found);
      return found;
    };
    let next = Math.max(0, ...current.map((w) => Number(/^worker-(\d+)$/.exec(w.id)?.[1] ?? 0))) + 1;
    const keep: Worker[] = [];
    const add: Worker[] = [];
    for (const spec of specs) {
      const text = JSON.stringify(spec);
      const same = take((w) => JSON.stringify(w.spec) === text);
      if (same !== undefined) {
        keep.push(same);
        continue;
      }
      const moved = take((w) => w.url === spec.url.replace(/\/+$/, ''));
      add.push(this.create(spec, 'config', moved?.id ?? `worker-${next++}`));
    }
    return { keep, add, remove: [...unused] };
  }

  /**
   * Applies a plan (one index rebuild); settings for workers created from now on come along.
   * Returns the workers replaced under their id (they drain), so their health checks can stop.
   */
  applyConfigured(plan: ConfiguredWorkersPlan, modelInfo: ModelsConfig, breakerSettings: BreakerSettings): Worker[] {
    const replaced: Worker[] = [];
    this.modelInfo = modelInfo;
    this.breakerSettings = breakerSettings;
    for (const worker of plan.remove) {
      worker.draining = true;
      this.#workers.delete(worker.id);
    }
    for (const worker of plan.add) {
      const previous = this.#workers.get(worker.id);
      if (previous !== undefined) {
        previous.draining = true;
        replaced.push(previous);
      }
      this.#workers.set(worker.id, worker);
    }
    this.#index();
    return replaced;
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
      // What a worker reported, when the config says nothing (the operator's word wins).
      const discovered = this.workersFor(id).map((w) => w.discoveredInfo.get(id)).find((d) => d !== undefined);
      const contextWindow = info?.context_window ?? discovered?.context_window;
      const maxTokens = info?.max_tokens ?? discovered?.max_tokens;
      // Routing settings (policy, fallbacks) are the operator's, not the model's description.
      const shown = {
        ...(contextWindow === undefined ? {} : { context_window: contextWindow }),
        ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
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
