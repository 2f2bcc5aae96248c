import type { ModelInfoConfig, Runtime, WorkerConfig } from '../config/gateway-config.js';

export interface Worker {
  readonly id: string;
  /** Base URL without a trailing slash. */
  readonly url: string;
  readonly runtime: Runtime;
  /** Sent only to this worker. Never logged. */
  readonly apiKey: string | undefined;
  /** Empty until configured or discovered. */
  models: ReadonlySet<string>;
  /** True when the config named no models, so they come from the worker's /v1/models. */
  readonly discoversModels: boolean;
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
 * The workers the gateway routes to and which model each serves. Round robin per model for now;
 * the routing issue replaces `pick` with configurable policies.
 */
export class WorkerPool {
  readonly workers: readonly Worker[];
  #byModel = new Map<string, Worker[]>();
  readonly #cursor = new Map<string, number>();
  readonly #createdAt = Math.floor(Date.now() / 1000);

  constructor(
    configs: readonly WorkerConfig[],
    private readonly modelInfo: Readonly<Record<string, ModelInfoConfig>>,
  ) {
    this.workers = configs.map((config, index) => ({
      id: `worker-${index + 1}`,
      url: config.url.replace(/\/+$/, ''),
      runtime: config.runtime,
      apiKey: config.api_key,
      models: new Set((config.models ?? []).map((m) => (typeof m === 'string' ? m : m.id))),
      discoversModels: config.models === undefined,
    }));
    this.#index();
  }

  /** Records the models a worker reported; rebuilds the model index in one assignment. */
  setModels(worker: Worker, models: readonly string[]): void {
    worker.models = new Set(models);
    this.#index();
  }

  hasModel(model: string): boolean {
    return this.#byModel.has(model);
  }

  pick(model: string): Worker | undefined {
    const candidates = this.#byModel.get(model);
    if (candidates === undefined || candidates.length === 0) return undefined;
    const cursor = this.#cursor.get(model) ?? 0;
    this.#cursor.set(model, (cursor + 1) % candidates.length);
    return candidates[cursor % candidates.length];
  }

  listModels(): ModelCard[] {
    return [...this.#byModel.keys()].sort().map((id) => {
      const info = this.modelInfo[id] ?? {};
      return { id, object: 'model', created: this.#createdAt, owned_by: 'switchyard', ...info };
    });
  }

  #index(): void {
    const byModel = new Map<string, Worker[]>();
    for (const worker of this.workers) {
      for (const model of worker.models) {
        const list = byModel.get(model) ?? [];
        list.push(worker);
        byModel.set(model, list);
      }
    }
    this.#byModel = byModel;
  }
}
