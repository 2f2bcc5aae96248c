import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { recordOf } from '../../../core/util/narrow-json.js';
import type { SparseFeatures } from '../model/hash-text-features.js';
import type { CacheLookup, CachedAnswer } from './answer-cache.js';
import type { AnswerStore } from './answer-store.js';

export interface RedisAnswerStoreOptions {
  readonly keyPrefix: string;
  readonly ttlMs: number;
  readonly threshold: number;
  /** Answers a bucket may hold: a full one takes no new answer until one expires. */
  readonly maxBucketEntries: number;
  readonly now?: () => number;
}

// One atomic step per store: the bucket's size check and write, its TTL, and the size index.
// Returns the live answers counted in the index, or -1 when the bucket was full.
const STORE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return -1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[7])
return redis.call('ZCARD', KEYS[2])
`;

/** One answer as it lies in Redis, validated on the way back in (another process wrote it). */
interface StoredEntry {
  readonly query: string;
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly answer: CachedAnswer;
  readonly expiresAt: number;
}

/**
 * The semantic cache shared by every gateway pointing at one Redis. A bucket (scope, model,
 * conversation prefix, parameters: already hashed by cacheRequestKeyOf, so no caller id or text
 * appears in a key) is one Redis hash, field = hash of the question; the hash expires ttl after its
 * newest answer and each answer carries its own expiry, so an old answer in a busy bucket is not
 * served. Similarity needs every answer of the bucket, so a lookup below threshold 1 reads the whole
 * hash; an exact-only cache (threshold 1) reads one field. The features travel as packed int32 and
 * float32 arrays (base64), a few KB even for an 8 KB question.
 *
 * `size` is a sorted set of answer ids by expiry, trimmed and counted on each store: the gauge then
 * shows what all gateways stored, as of this process's last store.
 */
export class RedisAnswerStore implements AnswerStore {
  size = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisAnswerStoreOptions,
  ) {}

  async lookup(bucket: string, query: string, features: SparseFeatures): Promise<CacheLookup | undefined> {
    const key = this.#bucketKey(bucket);
    const now = this.#now();
    const raw: Record<string, string> = this.options.threshold >= 1
      ? await this.redis.hget(key, fieldOf(query)).then((value) => (value === null ? {} : { [fieldOf(query)]: value }))
      : await this.redis.hgetall(key);
    let best: CacheLookup | undefined;
    let weights: Map<number, number> | undefined;
    const expired: string[] = [];
    for (const [field, text] of Object.entries(raw)) {
      const entry = parseEntry(text);
      if (entry === undefined || entry.expiresAt <= now) {
        expired.push(field);
        continue;
      }
      let similarity = 1;
      if (entry.query !== query) {
        weights ??= weightsOf(features);
        similarity = dot(weights, entry);
      }
      if (similarity >= this.options.threshold && (best === undefined || similarity > best.similarity)) best = { answer: entry.answer, similarity };
    }
    // Unreadable or expired answers go now; a failure here only leaves them for the TTL.
    if (expired.length > 0) this.redis.hdel(key, ...expired).catch(() => undefined);
    if (best === undefined) this.misses += 1;
    else this.hits += 1;
    return best;
  }

  async store(bucket: string, query: string, features: SparseFeatures, answer: CachedAnswer): Promise<void> {
    const key = this.#bucketKey(bucket);
    const field = fieldOf(query);
    const now = this.#now();
    const expiresAt = now + this.options.ttlMs;
    const value = JSON.stringify({
      q: query,
      i: Buffer.from(Int32Array.from(features.indices).buffer).toString('base64'),
      v: Buffer.from(Float32Array.from(features.values).buffer).toString('base64'),
      a: answer,
      e: expiresAt,
    });
    const index = `${this.options.keyPrefix}entries`;
    const count: unknown = await this.redis.eval(STORE, 2, key, index, field, value, this.options.maxBucketEntries, this.options.ttlMs, expiresAt, `${bucket}:${field}`, now);
    if (typeof count === 'number' && count >= 0) this.size = count;
  }

  close(): Promise<void> {
    this.redis.disconnect();
    return Promise.resolve();
  }

  #bucketKey(bucket: string): string {
    return `${this.options.keyPrefix}b:${bucket}`;
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** The hash field of a question: its text never appears in a key. */
function fieldOf(query: string): string {
  return createHash('sha256').update(query).digest('base64url').slice(0, 32);
}

function weightsOf(features: SparseFeatures): Map<number, number> {
  const map = new Map<number, number>();
  for (let i = 0; i < features.indices.length; i++) map.set(features.indices[i]!, features.values[i]!);
  return map;
}

/** Both vectors are L2-normalised by the featurizer: the dot product is the cosine. */
function dot(weights: ReadonlyMap<number, number>, entry: StoredEntry): number {
  let sum = 0;
  for (let i = 0; i < entry.indices.length; i++) sum += entry.values[i]! * (weights.get(entry.indices[i]!) ?? 0);
  return sum;
}

/** undefined: not an entry this code wrote (another version, a stray write): treated as absent. */
function parseEntry(text: string): StoredEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const record = recordOf(value);
  const answer = recordOf(record['a']);
  const { q, i, v, e } = record;
  const { model, content, finishReason } = answer;
  if (typeof q !== 'string' || typeof i !== 'string' || typeof v !== 'string' || typeof e !== 'number') return undefined;
  if (typeof model !== 'string' || typeof content !== 'string' || typeof finishReason !== 'string') return undefined;
  const indexBytes = Buffer.from(i, 'base64');
  const valueBytes = Buffer.from(v, 'base64');
  if (indexBytes.length % 4 !== 0 || indexBytes.length !== valueBytes.length) return undefined;
  // Copied into fresh buffers: a Buffer's offset into Node's pool need not be 4-byte aligned.
  const indices = new Int32Array(indexBytes.length / 4);
  const values = new Float32Array(valueBytes.length / 4);
  new Uint8Array(indices.buffer).set(indexBytes);
  new Uint8Array(values.buffer).set(valueBytes);
  return { query: q, indices, values, answer: { model, content, finishReason }, expiresAt: e };
}
