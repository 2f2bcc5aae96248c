import type { Logger } from 'pino';
import { readReplicaReport, type FleetReporter, type ReplicaReport } from './fleet-report.js';
import type { RedisConnection } from './redis-connection.js';
import { parseJson } from './replica-view.js';

/** This replica's report now: what `/ha/workers` and `/ha/policies` merge. */
export function reportOf(replicaId: string, fleet: FleetReporter): ReplicaReport {
  return { replica_id: replicaId, reported_at: new Date().toISOString(), workers: fleet.workers(), policies: fleet.policies() };
}

/**
 * Each replica publishes its view of its workers and policies at `<prefix>report:<id>` with the
 * member TTL, renewed with each heartbeat, so a replica that stops takes its view with it. Read
 * back on demand (control plane: rare), this replica's own report taken live rather than from Redis.
 */
export class ReplicaReports {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: RedisConnection,
    private readonly replicaId: string,
    private readonly fleet: FleetReporter,
    private readonly settings: { readonly prefix: string; readonly intervalMs: number; readonly ttlMs: number },
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.publish();
    this.#timer = setInterval(() => void this.publish(), this.settings.intervalMs);
    this.#timer.unref();
  }

  async publish(): Promise<void> {
    try {
      await this.redis.commands.set(this.#key(this.replicaId), JSON.stringify(reportOf(this.replicaId, this.fleet)), 'PX', this.settings.ttlMs);
    } catch (err) {
      this.logger.debug({ reason: err instanceof Error ? err.message : String(err) }, 'replica report not published');
    }
  }

  /** Every replica's report (this one's live); the others' only while Redis answers. */
  async all(): Promise<ReplicaReport[]> {
    const reports = new Map<string, ReplicaReport>();
    try {
      const keys = await this.redis.keysMatching(`${this.#key('')}*`);
      const values = keys.length === 0 ? [] : await this.redis.commands.mget(...keys);
      for (const text of values) {
        const report = readReplicaReport(parseJson(text));
        if (report !== undefined) reports.set(report.replica_id, report);
      }
    } catch (err) {
      this.logger.debug({ reason: err instanceof Error ? err.message : String(err) }, 'replica reports not read; this replica only');
    }
    reports.set(this.replicaId, reportOf(this.replicaId, this.fleet));
    return [...reports.values()].sort((a, b) => a.replica_id.localeCompare(b.replica_id));
  }

  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.redis.commands.del(this.#key(this.replicaId)).catch(() => undefined);
  }

  #key(id: string): string {
    return `${this.settings.prefix}report:${id}`;
  }
}
