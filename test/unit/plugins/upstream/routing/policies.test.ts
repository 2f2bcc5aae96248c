import { expect } from 'chai';
import { CacheAwarePolicy } from '../../../../../plugins/upstream/routing/policies/cache-aware.js';
import { ConsistentHashPolicy } from '../../../../../plugins/upstream/routing/policies/consistent-hash.js';
import { LeastLoadPolicy } from '../../../../../plugins/upstream/routing/policies/least-load.js';
import { PowerOfTwoPolicy } from '../../../../../plugins/upstream/routing/policies/power-of-two.js';
import { RandomPolicy } from '../../../../../plugins/upstream/routing/policies/random.js';
import { RankedPolicy } from '../../../../../plugins/upstream/routing/policies/ranked.js';
import { RoundRobinPolicy } from '../../../../../plugins/upstream/routing/policies/round-robin.js';
import { PrefixTree } from '../../../../../plugins/upstream/routing/policies/prefix-tree.js';
import { buildWorkers, routingRequest } from '../../../../support/build-workers.js';

function counts(ids: string[]): Record<string, number> {
  return ids.reduce<Record<string, number>>((acc, id) => ({ ...acc, [id]: (acc[id] ?? 0) + 1 }), {});
}

describe('routing policies', () => {
  it('round_robin cycles evenly', () => {
    const workers = buildWorkers(3);
    const policy = new RoundRobinPolicy();
    expect(counts(Array.from({ length: 9 }, () => policy.select(workers).id))).to.deep.equal({ 'worker-1': 3, 'worker-2': 3, 'worker-3': 3 });
  });

  it('random spreads over every worker', () => {
    const workers = buildWorkers(3);
    const policy = new RandomPolicy();
    const seen = counts(Array.from({ length: 3000 }, () => policy.select(workers).id));
    for (const w of workers) expect(seen[w.id]).to.be.within(800, 1200);
  });

  it('least_load avoids the busy worker and shares ties', () => {
    const workers = buildWorkers(3);
    workers[0]!.inFlight = 5;
    const policy = new LeastLoadPolicy();
    const seen = counts(Array.from({ length: 10 }, () => policy.select(workers).id));
    expect(seen).to.deep.equal({ 'worker-2': 5, 'worker-3': 5 });
  });

  it('power_of_two picks the lighter of two random workers, never the single busiest', () => {
    const workers = buildWorkers(3);
    workers[2]!.inFlight = 10;
    const policy = new PowerOfTwoPolicy();
    const seen = counts(Array.from({ length: 600 }, () => policy.select(workers).id));
    expect(seen['worker-3']).to.equal(undefined);
    expect(seen['worker-1']! + seen['worker-2']!).to.equal(600);
  });

  it('priority and cost rank workers; equal ones share', () => {
    const workers = buildWorkers(3, (i) => ({ priority: [1, 5, 5][i], cost: [0.1, 2, 3][i] }));
    const byPriority = new RankedPolicy('priority');
    expect(Array.from({ length: 4 }, () => byPriority.select(workers).id)).to.deep.equal(['worker-2', 'worker-2', 'worker-2', 'worker-2']);
    const byCost = new RankedPolicy('cost');
    expect(byCost.select(workers).id).to.equal('worker-1');
    const tied = buildWorkers(2);
    const both = counts(Array.from({ length: 4 }, () => byCost.select(tied).id));
    expect(both).to.deep.equal({ 'worker-1': 2, 'worker-2': 2 });
  });

  it('consistent_hash keeps sessions on their worker and moves only ~1/N when a worker is added', () => {
    const workers = buildWorkers(5);
    const policy = new ConsistentHashPolicy(160);
    const sessions = Array.from({ length: 2000 }, (_, i) => `session-${i}`);
    const before = sessions.map((s) => policy.select(workers.slice(0, 4), routingRequest('x', s)).id);
    const again = sessions.map((s) => policy.select(workers.slice(0, 4), routingRequest('x', s)).id);
    expect(again).to.deep.equal(before);
    const after = sessions.map((s) => policy.select(workers, routingRequest('x', s)).id);
    const moved = after.filter((id, i) => id !== before[i]);
    expect(moved.every((id) => id === 'worker-5'), 'sessions only move to the new worker').to.equal(true);
    expect(moved.length / sessions.length).to.be.within(0.12, 0.28);
  });

  describe('cache_aware', () => {
    const settings = { cache_threshold: 0.5, balance_abs_threshold: 4, balance_rel_threshold: 1.5, max_tree_chars: 100_000 };

    it('keeps a repeated prefix on one worker and spreads new prompts', () => {
      const workers = buildWorkers(3);
      const policy = new CacheAwarePolicy(settings);
      const system = 'You are a helpful assistant with a very long system prompt. '.repeat(10);
      const first = policy.select(workers, routingRequest(`${system}Question one?`));
      for (let i = 0; i < 20; i++) expect(policy.select(workers, routingRequest(`${system}Question ${i}?`)).id).to.equal(first.id);
      const other = policy.select(workers, routingRequest('Something completely different.'));
      expect(other.id, 'no match: the worker with the most free cache').to.not.equal(first.id);
    });

    it('gives up affinity when load is unbalanced past both thresholds', () => {
      const workers = buildWorkers(2);
      const policy = new CacheAwarePolicy(settings);
      const prompt = 'shared prefix '.repeat(20);
      const home = policy.select(workers, routingRequest(prompt));
      home.inFlight = 10;
      const other = workers.find((w) => w !== home)!;
      other.inFlight = 2;
      expect(policy.select(workers, routingRequest(prompt)).id).to.equal(other.id);
      home.inFlight = 3;
      expect(policy.select(workers, routingRequest(prompt)).id, 'within the thresholds affinity wins').to.equal(home.id);
    });
  });
});

describe('PrefixTree', () => {
  it('finds the longest shared prefix and evicts the oldest prompts past its budget', () => {
    const tree = new PrefixTree(30);
    tree.insert('hello world');
    tree.insert('hello there');
    expect(tree.longestMatch('hello wo!')).to.equal(8);
    expect(tree.longestMatch('help')).to.equal(3);
    expect(tree.longestMatch('xyz')).to.equal(0);
    tree.insert('goodbye, old friend');
    expect(tree.chars).to.equal(30);
    expect(tree.longestMatch('hello world'), 'the oldest prompt was evicted; "hello " remains via the other').to.equal(6);
    expect(tree.longestMatch('hello there')).to.equal(11);
    expect(tree.longestMatch('goodbye, old friend')).to.equal(19);
  });
});
