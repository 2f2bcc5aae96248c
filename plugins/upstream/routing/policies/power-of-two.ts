import type { Worker } from '../../fleet/worker.js';
import type { RoutingPolicy } from '../routing-policy.js';

/** Two distinct random candidates; the one with fewer requests in flight wins. */
export class PowerOfTwoPolicy implements RoutingPolicy {
  constructor(private readonly random: () => number = Math.random) {}

  select(candidates: readonly Worker[]): Worker {
    if (candidates.length === 1) return candidates[0]!;
    const i = Math.floor(this.random() * candidates.length);
    let j = Math.floor(this.random() * (candidates.length - 1));
    if (j >= i) j += 1;
    const a = candidates[i]!;
    const b = candidates[j]!;
    return b.inFlight < a.inFlight ? b : a;
  }
}
