import type { Worker } from '../../fleet/worker.js';
import type { RoutingPolicy } from '../routing-policy.js';

/** Fewest requests in flight; ties go round robin so equal workers share the load. */
export class LeastLoadPolicy implements RoutingPolicy {
  #tieBreak = 0;

  select(candidates: readonly Worker[]): Worker {
    const least = Math.min(...candidates.map((w) => w.inFlight));
    const tied = candidates.filter((w) => w.inFlight === least);
    return tied[this.#tieBreak++ % tied.length]!;
  }
}
