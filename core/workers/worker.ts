import type { Runtime, WorkerConfig, WorkerType } from '../config/gateway-config.js';
import type { LookupAddress } from 'node:dns';
import { CircuitBreaker, type BreakerSettings, type BreakerState } from './circuit-breaker.js';

export type ConnectLookup = (
  hostname: string,
  options: object,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

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
  readonly breaker: CircuitBreaker;
  models: ReadonlySet<string>;
  /** Requests sent to it and not yet fully answered. */
  inFlight = 0;
  /** Set by active health checks. */
  healthy = true;
  /** Deleted: takes no new requests; in-flight ones finish. */
  draining = false;

  constructor(
    readonly id: string,
    readonly spec: WorkerConfig,
    readonly source: 'config' | 'api',
    breakerSettings: BreakerSettings,
    onBreakerChange: (worker: Worker, state: BreakerState) => void = () => undefined,
    /** DNS lookup used when connecting; API workers get the SSRF policy's checking lookup. */
    readonly connectLookup: ConnectLookup | undefined = undefined,
  ) {
    this.url = spec.url.replace(/\/+$/, '');
    this.runtime = spec.runtime;
    this.workerType = spec.worker_type;
    this.apiKey = spec.api_key;
    this.discoversModels = spec.models === undefined;
    this.guarded = source === 'api';
    this.models = new Set((spec.models ?? []).map((m) => (typeof m === 'string' ? m : m.id)));
    this.breaker = new CircuitBreaker(breakerSettings, Date.now, (state) => onBreakerChange(this, state));
  }

  get priority(): number {
    return this.spec.priority;
  }

  get cost(): number {
    return this.spec.cost;
  }

  /** May take a new request now (the breaker's half-open probe slot is not claimed here). */
  get routable(): boolean {
    return !this.draining && this.healthy && this.breaker.available;
  }
}
