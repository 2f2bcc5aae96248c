import type { Worker } from '../../fleet/worker.js';
import type { RoutingPolicy } from '../routing-policy.js';

export class RandomPolicy implements RoutingPolicy {
  constructor(private readonly random: () => number = Math.random) {}

  select(candidates: readonly Worker[]): Worker {
    return candidates[Math.floor(this.random() * candidates.length)]!;
  }
}
