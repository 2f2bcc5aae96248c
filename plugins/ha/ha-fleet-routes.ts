import { GatewayError } from '../../core/errors/gateway-error.js';
import type { PluginRoute } from '../../core/plugin-contract.js';
import type { Cluster } from './cluster.js';
import type { PolicyReport, ReplicaReport, WorkerReport } from './fleet-report.js';

/** Each replica's view of one entry, without the key it is grouped by. */
type PerReplica<T, K extends keyof T> = Record<string, Omit<T, K>>;

/**
 * `GET /ha/workers[/{worker_id}]` and `GET /ha/policies[/{model_id}]`: each worker (each model's
 * routing) as every replica sees it, merged from the reports the replicas publish; a single process
 * answers for itself. A replica that does not know a worker simply has no entry for it.
 */
export function haFleetRoutes(cluster: Cluster): PluginRoute[] {
  return [
    {
      method: 'GET',
      path: '/ha/workers',
      group: 'control',
      async handle() {
        const reports = await cluster.reports();
        return { body: { replicas: reports.map((r) => r.replica_id), workers: mergeWorkers(reports) } };
      },
    },
    {
      method: 'GET',
      path: '/ha/workers/:worker_id',
      group: 'control',
      async handle(request) {
        const id = request.params['worker_id'] ?? '';
        const worker = mergeWorkers(await cluster.reports()).find((w) => w.id === id);
        if (worker === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', `No replica knows a worker "${id.slice(0, 256)}"; GET /ha/workers lists them (GET /workers on a replica shows its own).`);
        return { body: worker };
      },
    },
    {
      method: 'GET',
      path: '/ha/policies',
      group: 'control',
      async handle() {
        const reports = await cluster.reports();
        return { body: { replicas: reports.map((r) => r.replica_id), policies: mergePolicies(reports) } };
      },
    },
    {
      method: 'GET',
      path: '/ha/policies/:model_id',
      group: 'control',
      async handle(request) {
        const model = request.params['model_id'] ?? '';
        const policy = mergePolicies(await cluster.reports()).find((p) => p.model === model);
        if (policy === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', `No replica routes a model "${model.slice(0, 256)}"; GET /ha/policies lists the models every replica serves.`);
        return { body: policy };
      },
    },
  ];
}

/**
 * The entries every replica reports, grouped by `key` (a worker's id, a model): per entry, each
 * replica's view of it, sorted by key.
 */
function byReplica<K extends 'id' | 'model', T extends Readonly<Record<K, string>>>(reports: readonly ReplicaReport[], entriesOf: (report: ReplicaReport) => readonly T[], key: K): [string, PerReplica<T, K>][] {
  const merged = new Map<string, PerReplica<T, K>>();
  for (const report of reports) {
    for (const entry of entriesOf(report)) {
      const { [key]: name, ...view } = entry;
      const replicas = merged.get(name) ?? {};
      replicas[report.replica_id] = view;
      merged.set(name, replicas);
    }
  }
  return [...merged].sort(([a], [b]) => a.localeCompare(b));
}

function mergeWorkers(reports: readonly ReplicaReport[]): { id: string; replicas: PerReplica<WorkerReport, 'id'> }[] {
  return byReplica(reports, (r) => r.workers, 'id').map(([id, replicas]) => ({ id, replicas }));
}

function mergePolicies(reports: readonly ReplicaReport[]): { model: string; policies: string[]; replicas: PerReplica<PolicyReport, 'model'> }[] {
  // `policies`: the distinct policies in force, so replicas routing one model differently show at a glance.
  return byReplica(reports, (r) => r.policies, 'model').map(([model, replicas]) => ({ model, policies: [...new Set(Object.values(replicas).map((r) => r.policy))].sort(), replicas }));
}
