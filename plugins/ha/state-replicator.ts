import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { StateDirectory } from '../../core/state/state-directory.js';
import type { RedisConnection } from './redis-connection.js';
import { mergeRegistry } from './merge-registry.js';
import { parseJson } from './replica-view.js';
import { UNSEALED, type StateSealer } from './state-sealer.js';

// Sets a field only if it still holds what the writer read (ARGV[2] '0': absent), atomically.
const COMPARE_AND_SET = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '0' then
  if current then return 0 end
elseif current ~= ARGV[3] then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
return 1
`;

/** A local write not yet in Redis. */
interface PendingWrite {
  /** The latest content to write (merged with earlier unflushed writes when a change crossed them). */
  readonly text: string;
  /** What the first of the unflushed writes derived from: the merge base against Redis. */
  readonly base: string | undefined;
  /** A change from elsewhere the store took while this write was unflushed. */
  readonly crossedBy?: string;
}

/** What a change notice on the channel says: which file, whose write, which content. */
interface ChangeNotice {
  readonly origin: string;
  readonly name: string;
  readonly sha256: string;
}

/**
 * Replicates the registries stores keep in the state directory (workers, API keys, WASM modules,
 * shared settings …) through Redis. A store's write goes to the hash `<prefix>state` (the same
 * JSON the file holds, so secrets stay the digests and sealed values the file has) and a notice
 * on `<prefix>changes`; every other replica fetches it and hands it to the store that reads the
 * file (StateDirectory.applyChange). A periodic resync catches any notice missed.
 *
 * Writes are compare-and-set: a write made while another replica changed the same file is merged
 * into theirs entry by entry (merge-registry.ts), so concurrent registrations both survive.
 * Redis down: stores keep writing their files and serving; each file's latest write is queued
 * here and replayed (merged the same way) when Redis is back. A Redis that came back empty
 * (restarted without persistence) is seeded from the replicas' files, first one wins (HSETNX).
 */
export class StateReplicator {
  /** Content digest of each file as last written here or applied from Redis. */
  readonly #seen = new Map<string, string>();
  /**
   * Files written here and not yet in Redis: the latest content, and the base it derives from (the
   * base when the first of these unflushed writes began: later ones build on it).
   */
  readonly #pending = new Map<string, PendingWrite>();
  /** The change a store is taking right now (its handler may await before it replaces its state). */
  #handing: { readonly name: string; readonly text: string } | undefined;
  /**
   * Per file, the content this replica's store last took from (or gave to) Redis: the common
   * ancestor a local write is merged from when another replica wrote the file meanwhile.
   */
  readonly #base = new Map<string, string>();
  /** Files pulled at boot before their store registered: handed to it once on the first resync. */
  readonly #pulledAtBoot = new Set<string>();
  #work: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #stopWrites: (() => void) | undefined;

  constructor(
    private readonly redis: RedisConnection,
    private readonly state: StateDirectory,
    private readonly settings: { readonly prefix: string; readonly replicaId: string; readonly resyncMs: number },
    private readonly logger: Logger,
    private readonly onSynced: () => void,
    private readonly sealer: StateSealer = UNSEALED,
  ) {}

  /** Files not yet in Redis because it was down when they were written. */
  get pendingWrites(): number {
    return this.#pending.size;
  }

  /**
   * At boot, before the stores read their files: what the cluster holds lands in this replica's
   * files, so the stores start from the shared state. Redis down: the files as they are.
   */
  async pullAtBoot(): Promise<void> {
    try {
      const all = await this.redis.commands.hgetall(this.#hash);
      for (const [name, text] of Object.entries(all)) {
        await this.#apply(name, text);
        this.#pulledAtBoot.add(name);
      }
      this.onSynced();
    } catch (err) {
      this.logger.warn({ reason: reasonOf(err) }, 'shared state not read at boot; starting from the local state directory');
    }
  }

  async start(): Promise<void> {
    this.#stopWrites = this.state.onWrite((name, value) => this.#written(name, value));
    this.redis.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.#channel) this.#noticed(message);
    });
    await this.redis.subscriber.subscribe(this.#channel).catch((err: unknown) => this.logger.warn({ reason: reasonOf(err) }, 'change channel not subscribed yet; resync covers it'));
    this.redis.onReady(() => void this.resync());
    this.#timer = setInterval(() => void this.resync(), this.settings.resyncMs);
    this.#timer.unref();
  }

  /** Replays queued writes, then brings every replicable file level with Redis. */
  resync(): Promise<void> {
    return this.#serially(async () => {
      try {
        await this.#flush();
        const all = await this.redis.commands.hgetall(this.#hash);
        for (const name of this.state.replicable) {
          const text = all[name];
          // A store that read its file at boot already has it; one that only registered (the config
          // overlay, applied by a reload) gets it now, once.
          if (text !== undefined && this.#pulledAtBoot.delete(name)) this.#seen.delete(name);
          if (text !== undefined) await this.#apply(name, text);
          else await this.#seed(name);
        }
        this.onSynced();
      } catch (err) {
        this.logger.debug({ reason: reasonOf(err) }, 'shared state resync failed');
      }
    });
  }

  close(): void {
    this.#stopWrites?.();
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }

  #written(name: string, value: unknown): void {
    // Only files a store can take live are shared; the rest (spend counters …) stay per replica.
    if (!this.state.replicable.includes(name)) return;
    const raw = JSON.stringify(value);
    this.#seen.set(name, sha256(raw));
    const previous = this.#pending.get(name);
    // A write made after a change from elsewhere replaced the store's state under an unflushed
    // write (a handler that awaited) derives from that change, not from the unflushed write: its
    // own change is merged onto the unflushed one, so neither is lost.
    const text = previous?.crossedBy === undefined ? raw : JSON.stringify(mergeRegistry(parseJson(previous.crossedBy), parseJson(raw), parseJson(previous.text)));
    const crossedBy = this.#handing?.name === name ? this.#handing.text : previous?.crossedBy;
    this.#pending.set(name, { text, base: previous === undefined ? this.#base.get(name) : previous.base, ...(crossedBy === undefined ? {} : { crossedBy }) });
    void this.#serially(() => this.#flush()).catch((err: unknown) => this.logger.debug({ reason: reasonOf(err) }, 'shared state write queued until redis is back'));
  }

  async #flush(): Promise<void> {
    for (const [name, { text, base }] of [...this.#pending]) {
      const written = await this.#store(name, text, base);
      if (written === undefined) continue;
      const newer = this.#pending.get(name)?.text !== text;
      if (!newer) this.#pending.delete(name);
      if (written !== text && !newer) {
        // Merged with another replica's write: this store takes the merged registry too.
        this.#seen.set(name, sha256(written));
        await this.#hand(name, written);
      }
      // A newer local write keeps the base it was recorded with: merged from there, it adds its own change only.
      this.#base.set(name, written);
      const notice: ChangeNotice = { origin: this.settings.replicaId, name, sha256: sha256(written) };
      await this.redis.commands.publish(this.#channel, JSON.stringify(notice));
    }
  }

  /**
   * Compare-and-set: writes `text` only if the file in Redis is still what was read; when another
   * replica changed it since this store's base, this write is merged into theirs first (so two
   * replicas registering different entries at once both keep them). What was written, or
   * undefined when the entry in Redis cannot be unsealed here (left queued and logged).
   */
  async #store(name: string, text: string, base: string | undefined): Promise<string | undefined> {
    let ours = text;
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.redis.commands.hget(this.#hash, name);
      if (current !== null) {
        const theirs = this.sealer.unseal(current);
        if (theirs === undefined) {
          this.logger.error({ file: name }, 'shared state entry cannot be unsealed here: every replica needs the same ha.seal_key; write kept queued');
          return undefined;
        }
        if (theirs !== base && theirs !== ours) ours = JSON.stringify(mergeRegistry(parseJson(base ?? null), parseJson(ours), parseJson(theirs)));
      }
      const swapped = await this.redis.commands.eval(COMPARE_AND_SET, 1, this.#hash, name, current === null ? '0' : '1', current ?? '', this.sealer.seal(ours));
      if (swapped === 1) return ours;
    }
    throw new Error(`shared state "${name}" kept changing under this write; retried at the next resync`);
  }

  #noticed(message: string): void {
    const notice = readNotice(parseJson(message));
    if (notice === undefined || notice.origin === this.settings.replicaId || this.#seen.get(notice.name) === notice.sha256) return;
    void this.#serially(async () => {
      const text = await this.redis.commands.hget(this.#hash, notice.name);
      if (text !== null) await this.#apply(notice.name, text);
    }).catch((err: unknown) => this.logger.debug({ reason: reasonOf(err) }, 'change notice not fetched; resync covers it'));
  }

  async #apply(name: string, stored: string): Promise<void> {
    const text = this.sealer.unseal(stored);
    if (text === undefined) {
      this.logger.error({ file: name }, 'shared state entry cannot be unsealed here: every replica needs the same ha.seal_key; ignored');
      return;
    }
    const digest = sha256(text);
    // A write made here and not yet in Redis is newer than what Redis holds: it is merged on replay.
    if (this.#pending.has(name)) return;
    if (this.#seen.get(name) === digest) {
      this.#base.set(name, text);
      return;
    }
    const value = parseJson(text);
    if (value === undefined || !/^[a-z0-9][a-z0-9._-]*\.json$/.test(name)) {
      this.logger.warn({ file: name }, 'shared state entry is not valid JSON; ignored');
      return;
    }
    this.#seen.set(name, digest);
    await this.#hand(name, text);
    // After the store took it: a write the store began meanwhile was recorded with the base before.
    this.#base.set(name, text);
  }

  async #hand(name: string, text: string): Promise<void> {
    this.#handing = { name, text };
    try {
      await this.state.applyChange(name, parseJson(text));
      this.logger.info({ file: name }, 'shared state applied');
    } catch (err) {
      this.logger.error({ file: name, reason: reasonOf(err) }, 'shared state could not be applied here; this replica keeps its previous state');
    } finally {
      this.#handing = undefined;
    }
  }

  async #seed(name: string): Promise<void> {
    const local = await this.state.readJson(name);
    if (local === undefined) return;
    const text = JSON.stringify(local);
    if ((await this.redis.commands.hsetnx(this.#hash, name, this.sealer.seal(text))) === 1) {
      this.#seen.set(name, sha256(text));
      this.#base.set(name, text);
      await this.redis.commands.publish(this.#channel, JSON.stringify({ origin: this.settings.replicaId, name, sha256: sha256(text) } satisfies ChangeNotice));
    }
  }

  #serially(task: () => Promise<void>): Promise<void> {
    const run = this.#work.then(task);
    this.#work = run.catch(() => undefined);
    return run;
  }

  get #hash(): string {
    return `${this.settings.prefix}state`;
  }

  get #channel(): string {
    return `${this.settings.prefix}changes`;
  }
}

function readNotice(value: unknown): ChangeNotice | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const origin: unknown = Reflect.get(value, 'origin');
  const name: unknown = Reflect.get(value, 'name');
  const digest: unknown = Reflect.get(value, 'sha256');
  if (typeof origin !== 'string' || typeof name !== 'string' || typeof digest !== 'string') return undefined;
  return { origin, name, sha256: digest };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
