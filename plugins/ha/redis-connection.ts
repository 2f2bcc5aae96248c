import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * The replica's two Redis connections: commands (no offline queue, short timeout, so an outage
 * costs a call milliseconds, not a hang) and pub/sub (which must queue its SUBSCRIBE until the
 * socket is up, and re-subscribes after a reconnect). ioredis reconnects both on its own.
 */
export class RedisConnection {
  readonly commands: Redis;
  readonly subscriber: Redis;
  #onReady = new Set<() => void>();
  #lastLogged = 0;

  constructor(url: string, timeoutMs: number, private readonly logger: Logger) {
    const retryStrategy = (attempt: number): number => Math.min(attempt * 100, 1000);
    this.commands = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: timeoutMs, connectTimeout: 1000, retryStrategy });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null, connectTimeout: 1000, retryStrategy });
    for (const client of [this.commands, this.subscriber]) client.on('error', (err: Error) => this.#warn(err));
    this.commands.on('ready', () => {
      logger.info('ha backend (redis) connected');
      for (const listener of this.#onReady) listener();
    });
  }

  /** Every key that matches `pattern`, by SCAN (never KEYS, which blocks Redis on a large keyspace). */
  async keysMatching(pattern: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.commands.scan(cursor, 'MATCH', pattern, 'COUNT', 100);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys;
  }

  get connected(): boolean {
    return this.commands.status === 'ready';
  }

  /** Called each time the command connection (re)connects: the moment to replay and resync. */
  onReady(listener: () => void): void {
    this.#onReady.add(listener);
  }

  /** Gives a fresh connection up to `ms` to come up; Redis down at boot is not fatal. */
  waitUntilReady(ms: number): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.commands.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.commands.once('ready', done);
    });
  }

  close(): void {
    this.commands.disconnect();
    this.subscriber.disconnect();
  }

  // One line per 10 s at most: an outage must not flood the log. The URL (and its password) is never logged.
  #warn(err: Error): void {
    if (Date.now() - this.#lastLogged < 10_000) return;
    this.#lastLogged = Date.now();
    this.logger.warn({ reason: err.message }, 'ha backend (redis) unavailable; serving on the last good state');
  }
}
