import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { StateDirectory } from '../../core/state/state-directory.js';
import { FailoverWindowCounter } from './failover-window-counter.js';
import type { LimitsConfig } from './limits-config.generated.js';
import { MemoryWindowCounter } from './memory-window-counter.js';
import { RedisWindowCounter } from './redis-window-counter.js';
import { FileSpendStore, RedisSpendStore, type SpendStore } from './spend-store.js';
import type { WindowCounter } from './window-counter.js';
import { waitUntilReady } from '../../core/util/wait-until-ready.js';

/** What the rate-limit and budget stages share: one counter, one spend store, one connection. */
export interface LimitsBackend {
  readonly counter: WindowCounter;
  readonly spend: SpendStore;
  close(): Promise<void>;
}

/**
 * In process by default; with `limits.backend: redis`, one Redis connection per app: offline
 * commands fail at once (no queue) and each command has a short timeout, so a Redis outage costs a
 * request milliseconds, not seconds; ioredis reconnects on its own. At boot a fresh connection gets
 * up to a second to come up, so the first requests do not fall back to local counters just
 * because the socket was still connecting; Redis down at boot is not fatal (on_failure decides).
 */
export async function createLimitsBackend(config: LimitsConfig, metrics: Registry, logger: Logger, state: StateDirectory | undefined): Promise<LimitsBackend> {
  const settings = config.redis;
  if (config.backend !== 'redis' || settings === undefined) {
    const counter = new MemoryWindowCounter();
    const spend = await FileSpendStore.open(state);
    return {
      counter,
      spend,
      close: async () => {
        await counter.close();
        await spend.close();
      },
    };
  }
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
      logger.warn({ reason: err.message }, 'limits backend (redis) unavailable');
    }
  });
  await waitUntilReady(redis, 1000);
  const failures = new Counter({
    name: 'switchyard_limits_backend_failures_total',
    help: 'Calls to the shared limits backend that failed, by what the gateway did instead.',
    labelNames: ['backend', 'outcome'] as const,
    registers: [metrics],
  });
  const counter = new FailoverWindowCounter(new RedisWindowCounter(redis, settings.key_prefix), new MemoryWindowCounter(), settings.on_failure, failures);
  const spend = new RedisSpendStore(redis, `${settings.key_prefix}spend`);
  return {
    counter,
    spend,
    close: async () => {
      await counter.close();
      await spend.close();
      redis.disconnect();
    },
  };
}
