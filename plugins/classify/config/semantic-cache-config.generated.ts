// Generated from schemas/stages/semantic-cache.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../../core/util/deep-readonly.js';

interface SemanticCacheConfigDocument {
  /**
   * Cosine similarity of the last user message's hashed n-gram features (the classifier's own featurizer) at or above which a cached answer is reused; 1 means exact repeats only. The rest of the request (earlier messages, sampling parameters, tools) must match exactly.
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
   * key: an answer is reused only for the same credential (key id or JWT subject) and model; global: for every caller of the model (only for answers that are safe to share).
   */
  scope: "key" | "global";
}

/** schemas/stages/semantic-cache.schema.json after validation (defaults filled), frozen. */
export type SemanticCacheConfig = DeepReadonly<SemanticCacheConfigDocument>;
