import type { ModelsConfig, ResilienceConfig, RoutingConfig } from '../config/config-types.js';
import type { ProvidersConfig } from '../config/providers-config.generated.js';
import type { Worker } from '../fleet/worker.js';
import type { WorkerPool } from '../fleet/worker-pool.js';
import { CapacityQueue } from './capacity-queue.js';
import { createPolicy } from './create-policy.js';
import { RetryBudget } from './retry-budget.js';
import { resolveAlias } from './resolve-alias.js';
import type { RoutingPolicy, RoutingRequest } from './routing-policy.js';
import type { CancelSignal } from '../../../core/pipeline/cancellation.js';

/** The sections routing reads. */
export interface RouterSettings {
  readonly models: ModelsConfig;
  readonly routing: RoutingConfig;
  readonly resilience: ResilienceConfig;
  readonly providers: ProvidersConfig;
}

export type Route =
  | { readonly kind: 'single'; readonly model: string; readonly worker: Worker }
  | { readonly kind: 'pd'; readonly model: string; readonly prefill: Worker; readonly decode: Worker };

/**
 * Chooses workers for a model with the model's policy (routing.models or the default), among
 * routable workers not already tried; walks the model's fallback chain when none is left. When a
 * model is served only by prefill and decode workers, it picks one of each.
 */
export class WorkerRouter {
  retryBudget: RetryBudget;
  /** Requests waiting because every usable worker is at its connection limit. */
  readonly queue: CapacityQueue;
  readonly #policies = new Map<string, RoutingPolicy>();
  /** Named upstreams from `providers:` (for /proxy/{name}/* and /v1/files); not routed by model. */
  #providers: ReadonlyMap<string, Worker>;
  /** Fallback chains depend on config only: computed once per model, not per request. */
  readonly #chains = new Map<string, readonly string[]>();

  constructor(
    private readonly pool: WorkerPool,
    private config: RouterSettings,
    queue?: CapacityQueue,
  ) {
    const retries = config.resilience.retries;
    this.retryBudget = new RetryBudget(retries.budget_ratio, retries.budget_min);
    this.queue = queue ?? new CapacityQueue(config.resilience.queue.max_waiting, config.resilience.queue.timeout_ms);
    this.#providers = this.#createProviders(config);
  }

  /**
   * A reloaded config's routing: policies and fallback chains are rebuilt on first use, named
   * providers re-created. The retry budget starts afresh only if its settings changed.
   */
  update(settings: RouterSettings): void {
    const before = this.config.resilience.retries;
    const after = settings.resilience.retries;
    if (before.budget_ratio !== after.budget_ratio || before.budget_min !== after.budget_min) this.retryBudget = new RetryBudget(after.budget_ratio, after.budget_min);
    this.config = settings;
    this.#policies.clear();
    this.#chains.clear();
    this.#providers = this.#createProviders(settings);
  }

  /** The served model for the name a client asked for (routing.aliases). */
  served(model: string): string {
    return resolveAlias(model, this.config.routing.aliases);
  }

  #createProviders(settings: RouterSettings): Map<string, Worker> {
    const providers = new Map<string, Worker>();
    for (const [name, spec] of Object.entries(settings.providers)) if (spec !== undefined) providers.set(name, this.pool.create(spec, 'config', `provider:${name}`));
    return providers;
  }

  /** The policy each model routes with, for /router/info. */
  policies(): { readonly model: string; readonly policy: string }[] {
    return this.pool.listModels().map((card) => {
      const info = Object.hasOwn(this.config.models, card.id) ? this.config.models[card.id] : undefined;
      return { model: card.id, policy: info?.policy ?? this.config.routing.policy };
    });
  }

  provider(name: string): Worker | undefined {
    return this.#providers.get(name);
  }

  get providers(): readonly Worker[] {
    return [...this.#providers.values()];
  }

  route(model: string, request: RoutingRequest, tried: ReadonlySet<Worker>): Route | undefined {
    for (const candidate of this.#chain(model)) {
      const route = this.#routeModel(candidate, candidate === request.model ? request : { ...request, model: candidate }, tried);
      if (route !== undefined) return route;
    }
    return undefined;
  }

  /**
   * Like `route`, but when the only reason nothing is usable is that every usable worker is at its
   * connection limit, waits in the gateway's queue for a slot (503 when the queue is full or the
   * wait too long). Undefined: no worker could take the request even with free slots.
   */
  async routeWhenFree(model: string, request: RoutingRequest, tried: ReadonlySet<Worker>, signal: CancelSignal): Promise<Route | undefined> {
    for (;;) {
      const route = this.route(model, request, tried);
      if (route !== undefined) return route;
      const chain = this.#chain(model);
      const saturated = chain.some((m) => this.#candidates(m).some((w) => !tried.has(w) && w.acceptsModel(m) && !w.hasCapacity));
      if (!saturated) return undefined;
      await this.queue.wait((worker) => chain.some((m) => m === '' || worker.models.has(m)), signal);
    }
  }

  #candidates(model: string): readonly Worker[] {
    // A request that names no model (SGLang's /generate often does not) may go to any worker.
    return model === '' ? this.pool.workers : this.pool.workersFor(model);
  }

  #routeModel(model: string, request: RoutingRequest, tried: ReadonlySet<Worker>): Route | undefined {
    // One pass, on every request: the usable workers, and by type only when there are several kinds.
    const usable: Worker[] = [];
    let regulars = 0;
    for (const w of this.#candidates(model)) {
      if (!w.hasCapacity || !w.acceptsModel(model) || tried.has(w)) continue;
      usable.push(w);
      if (w.workerType === 'regular') regulars += 1;
    }
    if (usable.length === 0) return undefined;
    const policy = this.#policyFor(model);
    if (regulars === usable.length) return { kind: 'single', model, worker: policy.select(usable, request) };
    const regular = usable.filter((w) => w.workerType === 'regular');
    const prefill = usable.filter((w) => w.workerType === 'prefill');
    const decode = usable.filter((w) => w.workerType === 'decode');
    if (regular.length === 0 && prefill.length > 0 && decode.length > 0) {
      return { kind: 'pd', model, prefill: policy.select(prefill, request), decode: policy.select(decode, request) };
    }
    return { kind: 'single', model, worker: policy.select(regular.length > 0 ? regular : usable, request) };
  }

  /** The model, then its fallbacks in order (each once, cycles ignored). */
  #chain(model: string): readonly string[] {
    const cached = this.#chains.get(model);
    if (cached !== undefined) return cached;
    const chain = [model];
    for (let i = 0; i < chain.length; i++) {
      const info = Object.hasOwn(this.config.models, chain[i]!) ? this.config.models[chain[i]!] : undefined;
      for (const next of info?.fallbacks ?? []) if (!chain.includes(next)) chain.push(next);
    }
    // Only models some worker lists are cached, so request-chosen names cannot grow the map.
    if (this.pool.hasModel(model)) this.#chains.set(model, chain);
    return chain;
  }

  #policyFor(model: string): RoutingPolicy {
    let policy = this.#policies.get(model);
    if (policy === undefined) {
      const info = Object.hasOwn(this.config.models, model) ? this.config.models[model] : undefined;
      policy = createPolicy(info?.policy ?? this.config.routing.policy, this.config.routing);
      this.#policies.set(model, policy);
    }
    return policy;
  }
}
