import { hostname } from 'node:os';
import { defineSection, type Plugin } from '../../core/plugin-contract.js';
import { PACKAGE_VERSION } from '../../core/package-root.js';
import { redisCluster, singleProcessCluster, type Cluster } from './cluster.js';
import type { HaConfig } from './ha-config.generated.js';
import { haConfigRoutes, haShutdownRoute, haStatusRoutes } from './ha-routes.js';
import { defaultReplicaId, SelfReplica } from './replica-view.js';
import { SharedSettings } from './shared-settings.js';

const HA = defineSection<HaConfig>('ha', 'https://switchyard.dev/schemas/config/ha.schema.json');

export interface HaPluginOptions {
  /** How this replica drains and stops (`POST /ha/shutdown`); default: SIGTERM to itself, which drains. */
  readonly stop?: () => void;
}

/**
 * Replicas that act as one. Set up before every other plugin: with `ha.backend: redis` it first
 * brings the state directory level with the cluster, so the stores (workers, keys, WASM modules …)
 * restore the shared registries; from then on every store write is replicated through Redis and
 * every change made elsewhere is handed to its store. Without a backend, `/ha/*` answers for the
 * single process and nothing else changes.
 */
export function createHaPlugin(options: HaPluginOptions = {}): Plugin {
  const stop = options.stop ?? ((): void => void process.kill(process.pid, 'SIGTERM'));
  return {
    name: 'ha',
    configSections: { [HA.key]: HA.schemaId },
    async setup(context) {
      const config = context.section(HA);
      const self = new SelfReplica(config.replica_id ?? defaultReplicaId(), config.advertise_address ?? hostname(), PACKAGE_VERSION, context.configVersion);
      let cluster: Cluster = singleProcessCluster(self);
      if (config.backend === 'redis' && !context.checkOnly) {
        if (context.state === undefined) {
          throw new Error('ha.backend redis needs a state directory (server.state_dir or --state-dir): the shared registries are replicated through it.');
        }
        cluster = await redisCluster(config, self, context.state, context.logger, stop);
      }
      const settings = await SharedSettings.open(context.checkOnly ? undefined : context.state);
      return {
        routes: [...haStatusRoutes(cluster, context.draining), haShutdownRoute(cluster, stop), ...haConfigRoutes(settings)],
        // Only when something is off: a plain `{status}` stays plain for every other deployment.
        readinessDetail: () => (cluster.backend === 'redis' && !cluster.redisStatus().connected ? { ha: { redis: 'unreachable', serving: 'last good state' } } : {}),
        // A single process has nothing to add: its /health stays as it was.
        health: () => (cluster.backend === 'redis' ? { ha: { backend: cluster.backend, replica_id: self.id, redis: cluster.redisStatus(), pending_writes: cluster.pendingWrites() } } : {}),
        async close() {
          settings.close();
          await cluster.close();
        },
      };
    },
  };
}
