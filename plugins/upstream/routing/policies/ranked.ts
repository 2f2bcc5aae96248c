import type { Worker } from '../../fleet/worker.js';
import type { RoutingPolicy } from '../routing-policy.js';

/**
 * `priority`: highest priority first, then lowest cost. `cost`: lowest cost first, then highest
 * priority. Workers that tie on both share the load round robin.
 */
export class RankedPolicy implements RoutingPolicy {
  #tieBreak = 0;

  constructor(private readonly by: 'priority' | 'cost') {}

  select(candidates: readonly Worker[]): Worker {
    const sorted = [...candidates].sort(this.by === 'priority' ? byPriorityThenCost : byCostThenPriority);
    const best = sorted[0]!;
    const tied = sorted.filter((w) => w.priority === best.priority && w.cost === best.cost);
    return tied[this.#tieBreak++ % tied.length]!;
  }
}

function byPriorityThenCost(a: Worker, b: Worker): number {
  return b.priority - a.priority || a.cost - b.cost;
}

function byCostThenPriority(a: Worker, b: Worker): number {
  return a.cost - b.cost || b.priority - a.priority;
}
