import { hostname } from 'node:os';
import { defineSection, type Plugin } from '../../core/plugin-contract.js';
import { PACKAGE_VERSION } from '../../core/package-root.js';
import { redisCluster, singleProcessCluster, type Cluster } from './cluster.js';
import type { HaConfig } from './ha-config.generated.js';
import { NO_FLEET, type FleetReporter } from './fleet-report.js';
import { haFleetRoutes } from './ha-fleet-routes.js';
import { haRateLimitRoutes, NO_RATE_LIMITS, type RateLimitAccess } from './ha-rate-limit-routes.js';
import { haConfigRoutes, haShutdownRoute, haStatusRoutes } from './ha-routes.js';
import { defaultReplicaId, SelfReplica } from './replica-view.js';
import { maintenanceHold } from './maintenance-hold.js';
import { SharedSettings } from './shared-settings.js';

const HA = defineSection<HaConfig>('ha', 'https://switchyard.dev/schemas/config/ha.schema.json');

export interface HaPluginOptions {
  /** How this replica drains and stops (`POST /ha/shutdown`); default: SIGTERM to itself, which drains. */
  readonly stop?: () => void;
  /** The worker fleet's view of this replica (`/ha/workers`, `/ha/policies`); none: no workers. */
  readonly fleet?: FleetReporter;
  /** The rate-limit settings and counters (`/ha/rate-limit`); none: those routes answer 404. */
  readonly rateLimits?: RateLimitAccess;
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
  const fleet = options.fleet ?? NO_FLEET;
  return {
    name: 'ha',
    configSections: { [HA.key]: HA.schemaId },
    async setup(context) {
      const config = context.section(HA);
      const self = new SelfReplica(config.replica_id ?? defaultReplicaId(), config.advertise_address ?? hostname(), PACKAGE_VERSION, context.configVersion);
      let cluster: Cluster = singleProcessCluster(self, fleet);
      if (config.backend === 'redis' && !context.checkOnly) {
        if (context.state === undefined) {
          throw new Error('ha.backend redis needs a state directory (server.state_dir or --state-dir): the shared registries are replicated through it.');
        }
        cluster = await redisCluster(config, self, context.state, fleet, context.logger, stop);
      }
      const settings = await SharedSettings.open(context.checkOnly ? undefined : context.state);
      const hold = maintenanceHold(settings);
      return {
        routes: [...haStatusRoutes(cluster, context.draining, () => hold() !== undefined), haShutdownRoute(cluster, stop), ...haConfigRoutes(settings), ...haFleetRoutes(cluster), ...haRateLimitRoutes(options.rateLimits ?? NO_RATE_LIMITS)],
        trafficHold: hold,
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
