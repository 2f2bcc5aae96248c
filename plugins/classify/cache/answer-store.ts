import type { SparseFeatures } from '../model/hash-text-features.js';
import type { CacheLookup, CachedAnswer } from './answer-cache.js';

/**
 * Where a semantic-cache stage keeps its answers: in process (AnswerCache) or in Redis
 * (RedisAnswerStore). A store that cannot answer throws; the stage then bypasses the cache.
 */
export interface AnswerStore {
  /** Answers held, as last known (the size gauge and /health read it when asked). */
  readonly size: number;
  /** This process's lookups that found an answer, and that did not (the hit-ratio gauge). */
  readonly hits: number;
  readonly misses: number;
  lookup(bucket: string, query: string, features: SparseFeatures): CacheLookup | undefined | Promise<CacheLookup | undefined>;
  store(bucket: string, query: string, features: SparseFeatures, answer: CachedAnswer): void | Promise<void>;
  close(): Promise<void>;
}
