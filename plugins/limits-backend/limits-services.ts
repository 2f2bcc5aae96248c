import { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import { createServiceKey } from '../../core/pipeline/shared-services.js';
import type { StageDeps } from '../../core/pipeline/stage-contract.js';
import { FailoverWindowCounter } from './failover-window-counter.js';
import { MemoryWindowCounter } from './memory-window-counter.js';
import { RedisWindowCounter } from './redis-window-counter.js';
import { FileSpendStore, RedisSpendStore, type SpendStore } from './spend-store.js';
import type { WindowCounter } from './window-counter.js';

const COUNTER = createServiceKey<WindowCounter>('limits.window-counter');
const SPEND = createServiceKey<Promise<SpendStore>>('limits.spend-store');
const REDIS = createServiceKey<Redis>('limits.redis');
const READY = createServiceKey<Promise<void>>('limits.redis-ready');

/**
 * One Redis connection per app when `limits.backend: redis`: offline commands fail at once (no
 * queue) and each command has a short timeout, so a Redis outage costs a request milliseconds,
 * not seconds; ioredis reconnects on its own.
 */
function redisOf(deps: StageDeps): Redis | undefined {
  const settings = deps.config.limits.redis;
  if (deps.config.limits.backend !== 'redis' || settings === undefined) return undefined;
  return deps.shared.getOrCreate(
    REDIS,
    () => {
      const redis = new Redis(settings.url, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: settings.timeout_ms,
        connectTimeout: 1000,
        retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
      });
      let lastLogged = 0;
      redis.on('error', (err: Error) => {
        if (Date.now() - lastLogged > 10_000) {
          lastLogged = Date.now();
          deps.logger.warn({ reason: err.message }, 'limits backend (redis) unavailable');
        }
      });
      return redis;
    },
    async (redis) => {
      redis.disconnect();
      await Promise.resolve();
    },
  );
}

/**
 * At boot, gives a fresh Redis connection up to a second to come up, so the first requests do not
 * fall back to local counters just because the socket was still connecting. Redis being down at
 * boot is not fatal: requests then follow on_failure.
 */
export function limitsBackendReady(deps: StageDeps): Promise<void> {
  const redis = redisOf(deps);
  if (redis === undefined || redis.status === 'ready') return Promise.resolve();
  // Every stage instance waits on the same first connection attempt.
  return deps.shared.getOrCreate(READY, () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, 1000);
      redis.once('ready', done);
      function done(): void {
        clearTimeout(timer);
        redis?.off('ready', done);
        resolve();
      }
    }),
  );
}

export function windowCounterOf(deps: StageDeps): WindowCounter {
  return deps.shared.getOrCreate(
    COUNTER,
    () => {
      const redis = redisOf(deps);
      const settings = deps.config.limits.redis;
      if (redis === undefined || settings === undefined) return new MemoryWindowCounter();
      const failures = new Counter({
        name: 'switchyard_limits_backend_failures_total',
        help: 'Calls to the shared limits backend that failed, by what the gateway did instead.',
        labelNames: ['backend', 'outcome'] as const,
        registers: [deps.metricsRegistry],
      });
      return new FailoverWindowCounter(new RedisWindowCounter(redis, settings.key_prefix), new MemoryWindowCounter(), settings.on_failure, failures);
    },
    (counter) => counter.close(),
  );
}

export function spendStoreOf(deps: StageDeps): Promise<SpendStore> {
  return deps.shared.getOrCreate(
    SPEND,
    async () => {
      const redis = redisOf(deps);
      const settings = deps.config.limits.redis;
      if (redis !== undefined && settings !== undefined) return new RedisSpendStore(redis, `${settings.key_prefix}spend`);
      return FileSpendStore.open(deps.state);
    },
    async (store) => (await store).close(),
  );
}
