import type { SparseFeatures } from '../model/hash-text-features.js';
import type { AnswerStore } from './answer-store.js';

/** A finished chat answer, enough to replay it as JSON or as a stream. */
export interface CachedAnswer {
  readonly model: string;
  readonly content: string;
  readonly finishReason: string;
}

interface Entry {
  readonly bucket: string;
  /** The last user message, whitespace-folded: an exact repeat needs no similarity. */
  readonly query: string;
  readonly features: ReadonlyMap<number, number>;
  readonly answer: CachedAnswer;
  readonly expiresAt: number;
}

export interface CacheLookup {
  readonly answer: CachedAnswer;
  /** 1 for an exact repeat. */
  readonly similarity: number;
}

/**
 * Answers by bucket (scope, model and everything of the request but its last user message) and,
 * within a bucket, by the last user message: the same text, or features whose cosine similarity
 * reaches the threshold. Bounded (least recently used evicted first) and expiring. A bucket is
 * scanned linearly: it holds the answers to one conversation prefix of one caller and model.
 */
export class AnswerCache implements AnswerStore {
  /** Insertion order doubles as recency (an entry used is moved to the end). */
  readonly #entries = new Map<string, Entry>();
  readonly #buckets = new Map<string, Set<string>>();
  hits = 0;
  misses = 0;

  constructor(private readonly options: { readonly maxEntries: number; readonly ttlMs: number; readonly threshold: number; readonly now?: () => number }) {}

  get size(): number {
    return this.#entries.size;
  }

  lookup(bucket: string, query: string, features: SparseFeatures): CacheLookup | undefined {
    const now = this.#now();
    const ids = this.#buckets.get(bucket);
    let best: { id: string; entry: Entry; similarity: number } | undefined;
    for (const id of ids ?? []) {
      const entry = this.#entries.get(id);
      if (entry === undefined) continue;
      if (entry.expiresAt <= now) {
        this.#delete(id);
        continue;
      }
      const similarity = entry.query === query ? 1 : cosine(features, entry.features);
      if (similarity >= this.options.threshold && (best === undefined || similarity > best.similarity)) best = { id, entry, similarity };
    }
    if (best === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    this.#entries.delete(best.id);
    this.#entries.set(best.id, best.entry);
    return { answer: best.entry.answer, similarity: best.similarity };
  }

  store(bucket: string, query: string, features: SparseFeatures, answer: CachedAnswer): void {
    const id = `${bucket}\u0000${query}`;
    this.#delete(id);
    const map = new Map<number, number>();
    for (let i = 0; i < features.indices.length; i++) map.set(features.indices[i]!, features.values[i]!);
    this.#entries.set(id, { bucket, query, features: map, answer, expiresAt: this.#now() + this.options.ttlMs });
    let ids = this.#buckets.get(bucket);
    if (ids === undefined) this.#buckets.set(bucket, (ids = new Set()));
    ids.add(id);
    while (this.#entries.size > this.options.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#delete(oldest);
    }
  }

  close(): Promise<void> {
    this.#entries.clear();
    this.#buckets.clear();
    return Promise.resolve();
  }

  #delete(id: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    const ids = this.#buckets.get(entry.bucket);
    ids?.delete(id);
    if (ids?.size === 0) this.#buckets.delete(entry.bucket);
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** Both vectors are L2-normalised by the featurizer: the dot product is the cosine. */
function cosine(a: SparseFeatures, b: ReadonlyMap<number, number>): number {
  let dot = 0;
  for (let i = 0; i < a.indices.length; i++) dot += a.values[i]! * (b.get(a.indices[i]!) ?? 0);
  return dot;
}
