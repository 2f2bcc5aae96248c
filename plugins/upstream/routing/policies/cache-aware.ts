import type { RoutingConfig } from '../../config/config-types.js';
import type { Worker } from '../../fleet/worker.js';
import type { RoutingPolicy, RoutingRequest } from '../routing-policy.js';
import { PrefixTree } from './prefix-tree.js';

/**
 * SMG's cache-aware routing: each worker keeps a tree of the prompts recently sent to it.
 * - Load unbalanced (max - min in flight > abs threshold and max > min × rel threshold): the least
 *   loaded worker wins, whatever it has cached.
 * - Otherwise, if some worker's tree matches at least `cache_threshold` of the prompt, the best
 *   match wins (its KV cache likely holds that prefix).
 * - Otherwise the worker with the smallest tree (the most free cache) wins.
 * The prompt is then remembered in the winner's tree.
 */
export class CacheAwarePolicy implements RoutingPolicy {
  readonly #trees = new Map<string, PrefixTree>();

  constructor(private readonly settings: RoutingConfig['cache_aware']) {}

  select(candidates: readonly Worker[], request: RoutingRequest): Worker {
    const text = request.promptText();
    const chosen = this.#choose(candidates, text);
    this.#treeOf(chosen).insert(text);
    return chosen;
  }

  #choose(candidates: readonly Worker[], text: string): Worker {
    const loads = candidates.map((w) => w.inFlight);
    const max = Math.max(...loads);
    const min = Math.min(...loads);
    if (max - min > this.settings.balance_abs_threshold && max > min * this.settings.balance_rel_threshold) {
      return candidates[loads.indexOf(min)]!;
    }
    let best = candidates[0]!;
    let bestMatch = -1;
    for (const worker of candidates) {
      const match = this.#treeOf(worker).longestMatch(text);
      if (match > bestMatch) {
        best = worker;
        bestMatch = match;
      }
    }
    if (text.length > 0 && bestMatch / text.length >= this.settings.cache_threshold) return best;
    return candidates.reduce((smallest, w) => (this.#treeOf(w).chars < this.#treeOf(smallest).chars ? w : smallest));
  }

  #treeOf(worker: Worker): PrefixTree {
    let tree = this.#trees.get(worker.id);
    if (tree === undefined) {
      tree = new PrefixTree(this.settings.max_tree_chars);
      this.#trees.set(worker.id, tree);
    }
    return tree;
  }
}
