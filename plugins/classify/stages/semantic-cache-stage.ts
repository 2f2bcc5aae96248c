import type { Logger } from 'pino';
import type { Exchange } from '../../../core/pipeline/exchange.js';
import { createStateKey } from '../../../core/pipeline/exchange-state.js';
import type { Next, ResponseEnd, Stage } from '../../../core/pipeline/stage-contract.js';
import type { CacheLookup } from '../cache/answer-cache.js';
import type { AnswerStore } from '../cache/answer-store.js';
import { cacheRequestKeyOf, type CacheRequestKey } from '../cache/cache-request-key.js';
import { createAnswerRecorder, type AnswerRecorder } from '../cache/record-answer.js';
import { replayAnswer } from '../cache/replay-answer.js';
import type { SemanticCacheConfig } from '../config/semantic-cache-config.generated.js';
import type { QuestionVectors } from '../cache/embed-question.js';
import type { SparseFeatures } from '../model/hash-text-features.js';
import { CACHE_STATUS } from './classification-state.js';

/** The store could not be asked: the request bypasses the cache. */
const UNAVAILABLE = Symbol('unavailable');

const NO_FEATURES: SparseFeatures = { indices: new Int32Array(0), values: new Float32Array(0) };

/** The caches of every semantic-cache stage alive, for the app-wide size and hit-ratio gauges. */
export type CacheRegistry = Set<AnswerStore>;

interface Recording {
  readonly key: CacheRequestKey;
  readonly features: SparseFeatures;
  readonly recorder: AnswerRecorder;
  readonly model: string;
}

/**
 * Answers a chat request from memory when the same caller (unless `scope: global`) asked the same
 * model the same thing before — the same last question, or one whose vector (the embedding model's,
 * or the classifier's features) is similar enough, after the same earlier turns and parameters.
 * No vector (the embedding model failed or was too slow): a miss, answered and not recorded. Streams and JSON answers are both recorded (as the
 * client received them) and both replayed, in the form the new request asks for. A client's
 * `Cache-Control: no-cache` (or `no-store`) bypasses it. `x-cache-status: hit|miss|bypass`.
 */
export function createSemanticCacheStage(config: SemanticCacheConfig, vectors: QuestionVectors, caches: CacheRegistry, cache: AnswerStore, logger: Logger): Stage {
  caches.add(cache);
  let lastLogged = 0;
  // A failing store (Redis down, slow) never fails a request: the request bypasses the cache.
  const storeFailed = (error: unknown, during: string): void => {
    if (Date.now() - lastLogged < 10_000) return;
    lastLogged = Date.now();
    logger.warn({ reason: error instanceof Error ? error.message : String(error), during }, 'semantic-cache: store unavailable, bypassing it');
  };
  const lookup = async (key: CacheRequestKey, features: SparseFeatures): Promise<CacheLookup | undefined | typeof UNAVAILABLE> => {
    try {
      return await cache.lookup(key.bucket, key.query, features);
    } catch (error) {
      storeFailed(error, 'lookup');
      return UNAVAILABLE;
    }
  };
  const recording = createStateKey<Recording>('classify.semantic-cache');

  return {
    async handle(x: Exchange, next: Next): Promise<void> {
      const key = x.route.operation === 'chat.completions' && !bypassed(x.request.headers['cache-control']) ? cacheRequestKeyOf(x, config.scope, vectors.space) : undefined;
      // Exact repeats only: no vector is compared, so none is computed (no embedding call).
      const features = key === undefined ? undefined : config.similarity_threshold >= 1 ? NO_FEATURES : await vectors.vectorOf(key.text, x);
      if (key !== undefined && features === undefined) {
        x.state.set(CACHE_STATUS, 'miss');
        x.upstreamHeaders['x-cache-status'] = 'miss';
        await next();
        if (x.response !== undefined) x.response.headers['x-cache-status'] = 'miss';
        return;
      }
      const hit = key === undefined || features === undefined ? UNAVAILABLE : await lookup(key, features);
      if (key === undefined || features === undefined || hit === UNAVAILABLE) {
        x.state.set(CACHE_STATUS, 'bypass');
        x.upstreamHeaders['x-cache-status'] = 'bypass';
        await next();
        if (x.response !== undefined) x.response.headers['x-cache-status'] = 'bypass';
        return;
      }
      if (hit !== undefined) {
        x.state.set(CACHE_STATUS, 'hit');
        replayAnswer(x, hit.answer, { 'x-cache-status': 'hit', 'x-cache-similarity': hit.similarity.toFixed(4) });
        return;
      }
      x.state.set(CACHE_STATUS, 'miss');
      x.upstreamHeaders['x-cache-status'] = 'miss';
      await next();
      const response = x.response;
      if (response === undefined) return;
      response.headers['x-cache-status'] = 'miss';
      if (response.status !== 200) return;
      const recorder = createAnswerRecorder(config.max_answer_chars);
      x.transformResponse(recorder.transform);
      x.state.set(recording, { key, features, recorder, model: x.request.model });
    },

    onResponseEnd(x: Exchange, end: ResponseEnd): void {
      const recorded = x.state.get(recording);
      if (recorded === undefined || end.reason !== 'sent' || x.streamError !== undefined) return;
      const answer = recorded.recorder.finished(recorded.model);
      if (answer === undefined) return;
      try {
        const stored = cache.store(recorded.key.bucket, recorded.key.query, recorded.features, answer);
        if (stored instanceof Promise) stored.catch((error: unknown) => storeFailed(error, 'store'));
      } catch (error) {
        storeFailed(error, 'store');
      }
    },

    close(): Promise<void> {
      caches.delete(cache);
      return cache.close();
    },
  };
}

/** `Cache-Control: no-cache` or `no-store` from the client: neither read nor write. */
function bypassed(cacheControl: string | undefined): boolean {
  return cacheControl !== undefined && /(?:^|,)\s*no-(?:cache|store)\s*(?:,|$|=)/i.test(cacheControl);
}
