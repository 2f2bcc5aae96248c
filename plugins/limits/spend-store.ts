import type { Redis } from 'ioredis';
import type { StateDirectory } from '../../core/state/state-directory.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';

/** Money spent per subject (an API key), in the configured currency. Survives a restart. */
export interface SpendStore {
  get(subject: string): Promise<number>;
  add(subject: string, amount: number): Promise<void>;
  /** Every subject's spend so far (`GET /limits/spend`, the dashboard's Keys panel). */
  all(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

const FILE = 'spend.json';
const FLUSH_EVERY_MS = 1000;

/**
 * In memory, written to the state directory at most once a second and at close (atomically, so a
 * crash loses at most that second of accounting, never the file).
 */
export class FileSpendStore implements SpendStore {
  #flushTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly spend: Map<string, number>,
    private readonly state: StateDirectory | undefined,
  ) {}

  static async open(state: StateDirectory | undefined): Promise<FileSpendStore> {
    const saved = state === undefined ? undefined : await state.readJson(FILE);
    const entries = isJsonObject(saved) ? Object.entries(saved) : [];
    return new FileSpendStore(new Map(entries.filter((e): e is [string, number] => typeof e[1] === 'number')), state);
  }

  get(subject: string): Promise<number> {
    return Promise.resolve(this.spend.get(subject) ?? 0);
  }

  all(): Promise<Record<string, number>> {
    return Promise.resolve(Object.fromEntries(this.spend));
  }

  add(subject: string, amount: number): Promise<void> {
    this.spend.set(subject, (this.spend.get(subject) ?? 0) + amount);
    if (this.state !== undefined && this.#flushTimer === undefined) {
      this.#flushTimer = setTimeout(() => {
        this.#flushTimer = undefined;
        this.#flushing = this.#flush();
      }, FLUSH_EVERY_MS);
      this.#flushTimer.unref();
    }
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.#flushTimer !== undefined) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    await this.#flushing;
    await this.#flush();
  }

  async #flush(): Promise<void> {
    await this.state?.writeJson(FILE, Object.fromEntries(this.spend));
  }
}

/** Spend in a Redis hash, shared by replicas. */
export class RedisSpendStore implements SpendStore {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  async get(subject: string): Promise<number> {
    return Number((await this.redis.hget(this.key, subject)) ?? 0);
  }

  async add(subject: string, amount: number): Promise<void> {
    await this.redis.hincrbyfloat(this.key, subject, amount);
  }

  async all(): Promise<Record<string, number>> {
    // Redis answers strings: anything that is not a number is not spend this gateway wrote.
    const entries = Object.entries(await this.redis.hgetall(this.key)).map(([subject, value]) => [subject, Number(value)] as const);
    return Object.fromEntries(entries.filter(([, value]) => Number.isFinite(value)));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
