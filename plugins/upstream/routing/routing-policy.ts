import type { Worker } from '../fleet/worker.js';

/** What a policy may look at to choose a worker. */
export interface RoutingRequest {
  readonly model: string;
  /** The prompt as text, for prefix-cache affinity; built lazily, only cache_aware reads it. */
  readonly promptText: () => string;
  /** A session header's value or the body's `user`, for consistent hashing. */
  readonly sessionKey: string | undefined;
}

export interface RoutingPolicy {
  /** Chooses among routable candidates (never empty). */
  select(candidates: readonly Worker[], request: RoutingRequest): Worker;
}
