import type { Worker } from '../../fleet/worker.js';
import type { RoutingPolicy } from '../routing-policy.js';

export class RoundRobinPolicy implements RoutingPolicy {
  #cursor = 0;

  select(candidates: readonly Worker[]): Worker {
    const worker = candidates[this.#cursor % candidates.length]!;
    this.#cursor = (this.#cursor + 1) % 1_000_000_007;
    return worker;
  }
}
