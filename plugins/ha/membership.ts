import type { Logger } from 'pino';
import type { RedisConnection } from './redis-connection.js';
import { parseJson, readReplicaView, type ReplicaView, type SelfReplica } from './replica-view.js';

/**
 * Who is in the cluster: each replica keeps a key `<prefix>member:<id>` alive with a heartbeat;
 * the key expires after the TTL, so a replica killed without a goodbye leaves on its own. A clean
 * close deletes the key at once. While Redis is down the last list read is shown, marked stale
 * by `/ha/health` (connected: false).
 */
export class Membership {
  #timer: NodeJS.Timeout | undefined;
  #members: readonly ReplicaView[] = [];

  constructor(
    private readonly redis: RedisConnection,
    private readonly self: SelfReplica,
    private readonly settings: { readonly prefix: string; readonly heartbeatMs: number; readonly ttlMs: number },
    private readonly logger: Logger,
    /** Each successful round trip (the last sync `/ha/health` shows). */
    private readonly onSynced: () => void,
  ) {}

  start(): void {
    void this.beat();
    this.#timer = setInterval(() => void this.beat(), this.settings.heartbeatMs);
    this.#timer.unref();
  }

  /** Renews this replica's key and reads every member back. */
  async beat(): Promise<void> {
    const view = this.self.sample();
    try {
      await this.redis.commands.set(this.#key(view.id), JSON.stringify(view), 'PX', this.settings.ttlMs);
      this.#members = await this.#readMembers();
      this.onSynced();
    } catch (err) {
      this.logger.debug({ reason: err instanceof Error ? err.message : String(err) }, 'heartbeat failed');
    }
  }

  /** The members as last read (this replica included once it has beaten once). */
  get members(): readonly ReplicaView[] {
    return this.#members;
  }

  has(id: string): boolean {
    return this.#members.some((m) => m.id === id);
  }

  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    // A clean stop leaves the cluster now rather than after the TTL.
    await this.redis.commands.del(this.#key(this.self.id)).catch(() => undefined);
  }

  async #readMembers(): Promise<ReplicaView[]> {
    const keys = await this.redis.keysMatching(`${this.#key('')}*`);
    if (keys.length === 0) return [];
    const values = await this.redis.commands.mget(...keys);
    const members: ReplicaView[] = [];
    for (const text of values) {
      const view = readReplicaView(parseJson(text));
      if (view !== undefined) members.push(view);
    }
    return members.sort((a, b) => a.id.localeCompare(b.id));
  }

  #key(id: string): string {
    return `${this.settings.prefix}member:${id}`;
  }
}
