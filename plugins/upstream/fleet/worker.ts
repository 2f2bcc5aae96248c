import type { Runtime, WorkerConfig, WorkerType } from '../config/config-types.js';
import type { LookupAddress } from 'node:dns';
import { releaseOnce } from '../../../core/util/release-once.js';
import { CircuitBreaker, type BreakerSettings, type BreakerState } from './circuit-breaker.js';

export type ConnectLookup = (
  hostname: string,
  options: object,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** The breaker for requests naming a model the worker does not list (passthrough to a provider). */
export const UNLISTED_MODEL = '*';

const BREAKER_RANK: Readonly<Record<BreakerState, number>> = { closed: 0, half_open: 1, open: 2 };

export interface WorkerHooks {
  readonly onBreakerChange: (worker: Worker, model: string, state: BreakerState) => void;
  /** A request slot on this worker was freed (queued requests may now go). */
  readonly onRelease: (worker: Worker) => void;
}

const NO_HOOKS: WorkerHooks = { onBreakerChange: () => undefined, onRelease: () => undefined };

/** A worker: its spec (from config or the admin API) and its live state. */
export class Worker {
  readonly url: string;
  readonly runtime: Runtime;
  readonly workerType: WorkerType;
  /** Sent only to this worker. Never logged, never returned by the API. */
  readonly apiKey: string | undefined;
  /** True when the spec named no models, so they come from the worker's /v1/models. */
  readonly discoversModels: boolean;
  /** Registered through the admin API: connections are re-checked against the SSRF policy. */
  readonly guarded: boolean;
  /** Requests at once (= connections): past it requests go elsewhere or wait in the gateway. */
  readonly maxInFlight: number;
  models: ReadonlySet<string>;
  /** Requests sent to it and not yet fully answered. */
  inFlight = 0;
  /** Set by active health checks. */
  healthy = true;
  /** Deleted, replaced or drained (PATCH draining): takes no new requests; in-flight ones finish. */
  draining = false;
  /**
   * One breaker per model: a model that fails (a bad LoRA, a broken deployment) must not take
   * the worker's other models down with it. Keys are the worker's own models (or UNLISTED_MODEL),
   * so the map is bounded by config, never by what clients send.
   */
  readonly #breakers = new Map<string, CircuitBreaker>();
  /** What the worker's own /v1/models said about each model (context length, max tokens), if anything. */
  discoveredInfo: ReadonlyMap<string, DiscoveredModelInfo> = new Map();

  constructor(
    readonly id: string,
    readonly spec: WorkerConfig,
    readonly source: 'config' | 'api',
    private readonly breakerSettings: BreakerSettings,
    private readonly hooks: WorkerHooks = NO_HOOKS,
    /** DNS lookup used when connecting; API workers get the SSRF policy's checking lookup. */
    readonly connectLookup: ConnectLookup | undefined = undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.url = spec.url.replace(/\/+$/, '');
    this.runtime = spec.runtime;
    this.workerType = spec.worker_type;
    this.apiKey = spec.api_key;
    this.discoversModels = spec.models === undefined;
    this.guarded = source === 'api';
    this.maxInFlight = spec.max_connections;
    this.models = new Set((spec.models ?? []).map((m) => (typeof m === 'string' ? m : m.id)));
  }

  get priority(): number {
    return this.spec.priority;
  }

  get cost(): number {
    return this.spec.cost;
  }

  breakerFor(model: string): CircuitBreaker {
    const key = this.models.has(model) ? model : UNLISTED_MODEL;
    let breaker = this.#breakers.get(key);
    if (breaker === undefined) {
      breaker = new CircuitBreaker(this.breakerSettings, this.now, (state) => this.hooks.onBreakerChange(this, key, state));
      this.#breakers.set(key, breaker);
    }
    return breaker;
  }

  /** Every model's breaker that has seen traffic, for metrics and the admin view. */
  breakerStates(): ReadonlyMap<string, BreakerState> {
    return new Map([...this.#breakers].map(([model, breaker]) => [model, breaker.state]));
  }

  /** The worst state of any model's breaker (the one-line summary in views). */
  get circuit(): BreakerState {
    let worst: BreakerState = 'closed';
    for (const breaker of this.#breakers.values()) if (BREAKER_RANK[breaker.state] > BREAKER_RANK[worst]) worst = breaker.state;
    return worst;
  }

  /** Up and not deleted, whatever its breakers say (fleet views). */
  get routable(): boolean {
    return !this.draining && this.healthy;
  }

  /** Could take a request for this model now, capacity aside (the half-open probe slot is not claimed here). */
  acceptsModel(model: string): boolean {
    return this.routable && this.breakerFor(model).available;
  }

  get hasCapacity(): boolean {
    return this.inFlight < this.maxInFlight;
  }

  /** Takes a request slot; the returned function frees it (once). */
  acquire(): () => void {
    this.inFlight += 1;
    return releaseOnce(() => {
      this.inFlight -= 1;
      this.hooks.onRelease(this);
    });
  }
}

/** Model metadata a worker reports in its /v1/models (vLLM's max_model_len and the like). */
export interface DiscoveredModelInfo {
  readonly context_window?: number;
  readonly max_tokens?: number;
}
