// Generated from schemas/stages/semantic-cache.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface SemanticCacheConfigDocument {
  /**
   * Cosine similarity of the last user message's embedding (the embedding model's vector when `embedding` is set, else the classifier's own hashed n-gram features) at or above which a cached answer is reused; 1 means exact repeats only. The rest of the request (earlier messages, sampling parameters, tools) must match exactly.
   */
  similarity_threshold: number;
  /**
   * How long an answer is reused.
   */
  ttl_seconds: number;
  /**
   * Answers kept (least recently used go first).
   */
  max_entries: number;
  /**
   * Longer answers are not kept.
   */
  max_answer_chars: number;
  /**
   * memory: each gateway process keeps its own answers (the default); redis: every gateway pointing at the same Redis shares them. When Redis cannot be reached the request bypasses the cache (x-cache-status: bypass) rather than fail.
   */
  backend: "memory" | "redis";
  /**
   * The shared backend (backend: redis). Answers are kept per bucket in a Redis hash that expires ttl_seconds after its newest answer; max_entries bounds the in-process backend only (max_bucket_entries bounds a bucket; bound Redis as a whole with its own maxmemory policy).
   */
  redis?: {
    /**
     * redis:// or rediss://; put a password in an environment variable, not in the file.
     */
    url: string;
    /**
     * Per-command timeout; past it the request bypasses the cache.
     */
    timeout_ms: number;
    /**
     * Answers one bucket (one caller, model and conversation prefix) may hold; a full bucket takes no new answer until one expires. Bounds what a similarity lookup reads.
     */
    max_bucket_entries: number;
    /**
     * Prefix of every key the cache writes (give routes or deployments that must not share answers different prefixes).
     */
    key_prefix: string;
  };
  /**
   * Compare questions by the vectors of an embedding model the gateway's own workers serve (its /v1/embeddings, routed like any request for that model) instead of the classifier's hashed n-gram features. When the call fails or takes longer than timeout_ms, the request is a cache miss (answered by the workers, not recorded) and never fails because of it.
   */
  embedding?: {
    /**
     * The embedding model, as a worker serves it (or an alias of it).
     */
    model: string;
    /**
     * Longest wait for the embedding; past it the request is a miss.
     */
    timeout_ms: number;
    /**
     * The question is cut to this many characters (head and tail) before it is sent.
     */
    max_input_chars: number;
  };
  /**
   * key: an answer is reused only for the same credential (key id or JWT subject) and model; global: for every caller of the model (only for answers that are safe to share).
   */
  scope: "key" | "global";
}

/** schemas/stages/semantic-cache.schema.json after validation (defaults filled), frozen. */
export type SemanticCacheConfig = DeepReadonly<SemanticCacheConfigDocument>;
