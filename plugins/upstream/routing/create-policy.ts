import type { PolicyName, RoutingConfig } from '../config/config-types.js';
import { CacheAwarePolicy } from './policies/cache-aware.js';
import { ConsistentHashPolicy } from './policies/consistent-hash.js';
import { LeastLoadPolicy } from './policies/least-load.js';
import { PowerOfTwoPolicy } from './policies/power-of-two.js';
import { RandomPolicy } from './policies/random.js';
import { RankedPolicy } from './policies/ranked.js';
import { RoundRobinPolicy } from './policies/round-robin.js';
import type { RoutingPolicy } from './routing-policy.js';

export function createPolicy(name: PolicyName, config: RoutingConfig): RoutingPolicy {
  switch (name) {
    case 'round_robin':
      return new RoundRobinPolicy();
    case 'random':
      return new RandomPolicy();
    case 'least_load':
      return new LeastLoadPolicy();
    case 'power_of_two':
      return new PowerOfTwoPolicy();
    case 'cache_aware':
      return new CacheAwarePolicy(config.cache_aware);
    case 'consistent_hash':
      return new ConsistentHashPolicy(config.consistent_hash.virtual_nodes);
    case 'priority':
    case 'cost':
      return new RankedPolicy(name);
  }
}
