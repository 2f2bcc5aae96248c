import type { Logger } from 'pino';
import type { StateDirectory } from '../../core/state/state-directory.js';
import type { HaConfig } from './ha-config.generated.js';
import type { FleetReporter, ReplicaReport } from './fleet-report.js';
import { Membership } from './membership.js';
import { ReplicaReports, reportOf } from './replica-reports.js';
import { RedisConnection } from './redis-connection.js';
import { parseJson, type ReplicaView, type SelfReplica } from './replica-view.js';
import { StateReplicator } from './state-replicator.js';
import { aesGcmSealer, UNSEALED } from './state-sealer.js';

/** What `/ha/*` asks of the cluster, the same whether there is one process or many. */
export interface Cluster {
  readonly backend: 'redis' | 'none';
  readonly self: SelfReplica;
  members(): readonly ReplicaView[];
  redisStatus(): { readonly connected: boolean; readonly last_sync_at: string | null };
  /** Registry writes made while Redis was down, waiting to be replayed. */
  pendingWrites(): number;
  /** Asks a named replica to drain and stop: false when no member has that id. */
  shutdownOther(replicaId: string): Promise<boolean>;
  /** Every replica's view of its workers and routing policies (this one's taken live). */
  reports(): Promise<readonly ReplicaReport[]>;
  close(): Promise<void>;
}

/** One process: it is the whole cluster, and there is nothing to sync. */
export function singleProcessCluster(self: SelfReplica, fleet: FleetReporter): Cluster {
  return {
    backend: 'none',
    self,
    members: () => [self.sample()],
    redisStatus: () => ({ connected: false, last_sync_at: null }),
    pendingWrites: () => 0,
    shutdownOther: () => Promise.resolve(false),
    reports: () => Promise.resolve([reportOf(self.id, fleet)]),
    close: () => Promise.resolve(),
  };
}

/**
 * Replicas on Redis: membership by heartbeat, the state directory's registries replicated, and a
 * control channel for `POST /ha/shutdown` naming another replica. Redis down at boot is not fatal:
 * the replica serves from its own state directory and catches up when Redis answers.
 */
export async function redisCluster(config: HaConfig, self: SelfReplica, state: StateDirectory, fleet: FleetReporter, logger: Logger, stopThisReplica: () => void): Promise<Cluster> {
  const settings = config.redis;
  if (settings === undefined) throw new Error('ha.backend redis needs ha.redis.url');
  const redis = new RedisConnection(settings.url, settings.timeout_ms, logger);
  let lastSyncAt: string | null = null;
  const synced = (): void => {
    lastSyncAt = new Date().toISOString();
  };
  await redis.waitUntilReady(2000);
  const replicator = new StateReplicator(redis, state, { prefix: settings.key_prefix, replicaId: self.id, resyncMs: config.resync_ms }, logger, synced, config.seal_key === undefined ? UNSEALED : aesGcmSealer(config.seal_key));
  await replicator.pullAtBoot();
  await replicator.start();
  const membership = new Membership(redis, self, { prefix: settings.key_prefix, heartbeatMs: config.heartbeat_ms, ttlMs: config.member_ttl_ms }, logger, synced);
  membership.start();
  const reports = new ReplicaReports(redis, self.id, fleet, { prefix: settings.key_prefix, intervalMs: config.heartbeat_ms, ttlMs: config.member_ttl_ms }, logger);
  reports.start();

  const controlChannel = `${settings.key_prefix}control`;
  redis.subscriber.on('message', (channel: string, message: string) => {
    if (channel !== controlChannel) return;
    const order = parseJson(message);
    if (order === null || typeof order !== 'object') return;
    if (Reflect.get(order, 'type') === 'shutdown' && Reflect.get(order, 'replica_id') === self.id) {
      logger.info({ requested_by: String(Reflect.get(order, 'from')) }, 'shutdown requested by another replica; draining');
      stopThisReplica();
    }
  });
  await redis.subscriber.subscribe(controlChannel).catch(() => undefined);

  return {
    backend: 'redis',
    self,
    members: () => membership.members,
    redisStatus: () => ({ connected: redis.connected, last_sync_at: lastSyncAt }),
    pendingWrites: () => replicator.pendingWrites,
    async shutdownOther(replicaId) {
      await membership.beat();
      if (!membership.has(replicaId)) return false;
      await redis.commands.publish(controlChannel, JSON.stringify({ type: 'shutdown', replica_id: replicaId, from: self.id }));
      return true;
    },
    reports: () => reports.all(),
    async close() {
      replicator.close();
      await reports.close();
      await membership.close();
      redis.close();
    },
  };
}
