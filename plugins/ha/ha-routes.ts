import { GatewayError } from '../../core/errors/gateway-error.js';
import type { PluginRoute } from '../../core/plugin-contract.js';
import type { Cluster } from './cluster.js';
import type { SharedSettings } from './shared-settings.js';

export const CONFIG_SET_SCHEMA = 'https://switchyard.dev/schemas/admin/ha-config-set.schema.json';
export const SHUTDOWN_SCHEMA = 'https://switchyard.dev/schemas/admin/ha-shutdown.schema.json';

/** The `/ha/*` status and health answers (control plane): the same shape with or without Redis. */
export function haStatusRoutes(cluster: Cluster, draining: () => boolean, inMaintenance: () => boolean): PluginRoute[] {
  return [
    {
      method: 'GET',
      path: '/ha/status',
      group: 'control',
      handle: () => ({
        body: {
          backend: cluster.backend,
          self: cluster.self.view(),
          members: cluster.members(),
          redis: cluster.redisStatus(),
        },
      }),
    },
    {
      method: 'GET',
      path: '/ha/health',
      group: 'control',
      handle() {
        const redis = cluster.redisStatus();
        // Redis down is degraded, not down: the replica serves on its last good state.
        const status = draining() ? 'draining' : cluster.backend === 'redis' && !redis.connected ? 'degraded' : 'ok';
        return { body: { status, backend: cluster.backend, replica_id: cluster.self.id, maintenance: inMaintenance(), redis, pending_writes: cluster.pendingWrites(), members: cluster.members().length } };
      },
    },
  ];
}

/**
 * `POST /ha/shutdown`: `{}` drains and stops this replica (readiness turns 503 first, so the load
 * balancer moves traffic away); `{"replica_id"}` asks that replica to, over the control channel.
 */
export function haShutdownRoute(cluster: Cluster, stopThisReplica: () => void): PluginRoute {
  return {
    method: 'POST',
    path: '/ha/shutdown',
    group: 'control',
    bodySchemaId: SHUTDOWN_SCHEMA,
    async handle(request) {
      const target = readReplicaId(request.body) ?? cluster.self.id;
      if (target === cluster.self.id) {
        // After the answer is on its way: the drain closes idle connections, this one included.
        setImmediate(stopThisReplica);
        return { status: 202, body: { replica_id: target, shutting_down: true } };
      }
      if (cluster.backend === 'none') throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', `No replica "${target}": this gateway runs as one process (${cluster.self.id}); omit replica_id to stop it.`);
      if (!cluster.redisStatus().connected) throw new GatewayError('GW_ERR_HA_BACKEND_UNAVAILABLE', 'Redis (ha.redis.url) is unreachable, so no other replica can be told to stop; send POST /ha/shutdown to that replica directly, or retry when /ha/health shows redis connected.');
      if (!(await cluster.shutdownOther(target))) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', `No replica "${target}" in the cluster; GET /ha/status lists the members.`);
      return { status: 202, body: { replica_id: target, shutting_down: true } };
    },
  };
}

/** `GET /ha/config/{key}`, `GET /ha/config` and `POST /ha/config`: shared settings. */
export function haConfigRoutes(settings: SharedSettings): PluginRoute[] {
  return [
    {
      method: 'GET',
      path: '/ha/config',
      group: 'control',
      handle: () => ({ body: { settings: settings.entries() } }),
    },
    {
      method: 'GET',
      path: '/ha/config/:key',
      group: 'control',
      handle(request) {
        const key = request.params['key'] ?? '';
        const value = settings.get(key);
        if (value === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', `No shared setting "${key}"; POST /ha/config {"key","value"} sets one.`);
        return { body: { key, value } };
      },
    },
    {
      method: 'POST',
      path: '/ha/config',
      group: 'control',
      bodySchemaId: CONFIG_SET_SCHEMA,
      async handle(request) {
        const body = request.body;
        if (body === null || typeof body !== 'object') throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body.');
        const key: unknown = Reflect.get(body, 'key');
        const value: unknown = Reflect.get(body, 'value');
        if (typeof key !== 'string') throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body: /key must be a string.');
        if (!(await settings.set(key, value))) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body: /value is larger than 4096 bytes as JSON; keep shared settings small.');
        return { body: { key, value } };
      },
    },
  ];
}

function readReplicaId(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const id: unknown = Reflect.get(body, 'replica_id');
  return typeof id === 'string' ? id : undefined;
}
