import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { SemanticCacheConfig } from '../config/semantic-cache-config.generated.js';
import { AnswerCache } from './answer-cache.js';
import type { AnswerStore } from './answer-store.js';
import { RedisAnswerStore } from './redis-answer-store.js';
import { waitUntilReady } from '../../../core/util/wait-until-ready.js';

/**
 * The store a semantic-cache stage uses: in process, or one Redis connection per stage (closed with
 * it when a reload replaces the pipeline). As for the limits backend: offline commands fail at once
 * (no queue) and each has a short timeout, so a Redis outage costs a request milliseconds and the
 * request bypasses the cache; ioredis reconnects on its own. A fresh connection gets up to a second
 * at creation so the first requests do not bypass just because the socket was still connecting;
 * Redis down at boot is not fatal.
 */
export async function connectAnswerStore(config: SemanticCacheConfig, logger: Logger, checkOnly = false): Promise<AnswerStore> {
  const ttlMs = config.ttl_seconds * 1000;
  const settings = config.redis;
  // `config check` contacts nothing: the stage is built on the in-process store.
  if (config.backend !== 'redis' || settings === undefined || checkOnly) {
    return new AnswerCache({ maxEntries: config.max_entries, ttlMs, threshold: config.similarity_threshold });
  }
  const redis = new Redis(settings.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: settings.timeout_ms,
    connectTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    lazyConnect: false,
  });
  let lastLogged = 0;
  redis.on('error', (err: Error) => {
    // Throttled: a Redis that is down would otherwise log on every reconnect attempt. The URL is never logged (it may hold a password).
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      logger.warn({ reason: err.message }, 'semantic-cache: redis unavailable, requests bypass the cache');
    }
  });
  await waitUntilReady(redis, 1000);
  return new RedisAnswerStore(redis, { keyPrefix: settings.key_prefix, ttlMs, threshold: config.similarity_threshold, maxBucketEntries: settings.max_bucket_entries });
}
