import { createHash } from 'node:crypto';
import type { Worker } from '../../fleet/worker.js';
import type { RoutingPolicy, RoutingRequest } from '../routing-policy.js';
import { RoundRobinPolicy } from './round-robin.js';

interface Ring {
  readonly signature: string;
  readonly points: Uint32Array;
  readonly owners: Worker[];
}

/**
 * A hash ring with virtual nodes: a session keeps its worker, and adding a worker moves only the
 * sessions that land on the new worker's points (about 1/N of them). Requests without a session
 * key go round robin.
 */
export class ConsistentHashPolicy implements RoutingPolicy {
  #ring: Ring | undefined;
  readonly #fallback = new RoundRobinPolicy();

  constructor(private readonly virtualNodes: number) {}

  select(candidates: readonly Worker[], request: RoutingRequest): Worker {
    if (request.sessionKey === undefined) return this.#fallback.select(candidates);
    const ring = this.#ringFor(candidates);
    const h = hash32(request.sessionKey);
    let lo = 0;
    let hi = ring.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ring.points[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    return ring.owners[lo === ring.points.length ? 0 : lo]!;
  }

  #ringFor(candidates: readonly Worker[]): Ring {
    const signature = candidates.map((w) => w.id).join(',');
    if (this.#ring?.signature === signature) return this.#ring;
    const entries: [number, Worker][] = [];
    for (const worker of candidates) {
      for (let i = 0; i < this.virtualNodes; i++) entries.push([hash32(`${worker.id}#${i}`), worker]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    this.#ring = { signature, points: Uint32Array.from(entries.map((e) => e[0])), owners: entries.map((e) => e[1]) };
    return this.#ring;
  }
}

function hash32(value: string): number {
  return createHash('md5').update(value).digest().readUInt32BE(0);
}
