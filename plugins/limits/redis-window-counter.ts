import type { Redis } from 'ioredis';
import type { WindowCounter, WindowEntry, WindowState } from './window-counter.js';

// One atomic script per check, on the server's clock, so replicas share one exact window.
const CONSUME = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local start = now - (now % window)
local key = KEYS[1] .. ':' .. start
local used = tonumber(redis.call('GET', key) or '0')
local reset = start + window - now
if used + cost > limit then return {0, used, reset} end
used = redis.call('INCRBY', key, cost)
redis.call('PEXPIRE', key, window + 1000)
return {1, used, reset}
`;

const ADD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local key = KEYS[1] .. ':' .. (now - (now % window))
redis.call('INCRBY', key, tonumber(ARGV[2]))
redis.call('PEXPIRE', key, window + 1000)
return 1
`;

const PEEK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local start = now - (now % window)
return {tonumber(redis.call('GET', KEYS[1] .. ':' .. start) or '0'), start + window - now}
`;

type ScriptResult = [number, number, number];

/**
 * Window counters in Redis (a single node: the window key is derived inside the script). EVAL only
 * ever runs the three constant scripts above; keys and numbers travel as KEYS/ARGV, never as code.
 */
export class RedisWindowCounter implements WindowCounter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async consume(key: string, limit: number, cost: number, windowMs: number): Promise<WindowState> {
    const [allowed, used, resetMs] = (await this.redis.eval(CONSUME, 1, `${this.prefix}rl:${key}`, windowMs, limit, cost)) as ScriptResult;
    return { allowed: allowed === 1, used, resetMs };
  }

  async add(key: string, amount: number, windowMs: number): Promise<void> {
    await this.redis.eval(ADD, 1, `${this.prefix}rl:${key}`, windowMs, Math.round(amount));
  }

  async peek(key: string, windowMs: number): Promise<{ used: number; resetMs: number }> {
    const [used, resetMs] = (await this.redis.eval(PEEK, 1, `${this.prefix}rl:${key}`, windowMs)) as [number, number];
    return { used, resetMs };
  }

  /**
   * Every live window key (`<prefix>rl:<key>:<window start>`), read with SCAN, MGET and PTTL: the
   * whole cluster's counters. The reset is the key's expiry less the second of slack it was given.
   */
  async snapshot(): Promise<readonly WindowEntry[]> {
    const base = `${this.prefix}rl:`;
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${base}*`, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0' && keys.length < 10_000);
    if (keys.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.get(key).pttl(key);
    const replies = (await pipeline.exec()) ?? [];
    const entries: WindowEntry[] = [];
    keys.forEach((key, i) => {
      const used = Number(replies[2 * i]?.[1]);
      const ttl = Number(replies[2 * i + 1]?.[1]);
      const name = /^(.*):\d+$/.exec(key.slice(base.length))?.[1];
      if (name !== undefined && Number.isFinite(used) && ttl > 0) entries.push({ key: name, used, resetMs: Math.max(0, ttl - 1000) });
    });
    return entries;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
