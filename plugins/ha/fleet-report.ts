/**
 * What the worker fleet tells `/ha/workers` and `/ha/policies` about this replica. The plugin that
 * owns the fleet fills it in (wired in builtin-plugins.ts), so neither the kernel nor this plugin
 * names it; without one, the replica reports no workers and no policies.
 */
export interface FleetReporter {
  workers(): readonly WorkerReport[];
  policies(): readonly PolicyReport[];
}

/** One worker as one replica sees it (ids and states only: never a URL or a key). */
export interface WorkerReport {
  readonly id: string;
  readonly models: readonly string[];
  readonly healthy: boolean;
  readonly draining: boolean;
  /** The worst breaker state over its models, then each model's. */
  readonly circuit: string;
  readonly circuits: Readonly<Record<string, string>>;
  readonly in_flight: number;
  readonly max_in_flight: number;
}

/** One model's routing as one replica sees it. */
export interface PolicyReport {
  readonly model: string;
  readonly policy: string;
  /** Workers listing the model, and those that could take a request for it now. */
  readonly workers: readonly string[];
  readonly available_workers: readonly string[];
}

/** A replica's report as published in Redis next to its heartbeat. */
export interface ReplicaReport {
  readonly replica_id: string;
  readonly reported_at: string;
  readonly workers: readonly WorkerReport[];
  readonly policies: readonly PolicyReport[];
}

export const NO_FLEET: FleetReporter = { workers: () => [], policies: () => [] };

const ID = /^[A-Za-z0-9._:/@+-]{1,256}$/;

/** A report read back from Redis: `unknown` until every field checks out; a bad entry is dropped. */
export function readReplicaReport(value: unknown): ReplicaReport | undefined {
  if (!isObject(value)) return undefined;
  const replicaId = value['replica_id'];
  const reportedAt = value['reported_at'];
  const workers = value['workers'];
  const policies = value['policies'];
  if (typeof replicaId !== 'string' || !ID.test(replicaId) || typeof reportedAt !== 'string' || Number.isNaN(Date.parse(reportedAt))) return undefined;
  if (!Array.isArray(workers) || !Array.isArray(policies)) return undefined;
  return {
    replica_id: replicaId,
    reported_at: reportedAt,
    workers: workers.flatMap((w: unknown) => {
      const report = readWorkerReport(w);
      return report === undefined ? [] : [report];
    }),
    policies: policies.flatMap((p: unknown) => {
      const report = readPolicyReport(p);
      return report === undefined ? [] : [report];
    }),
  };
}

function readWorkerReport(value: unknown): WorkerReport | undefined {
  if (!isObject(value)) return undefined;
  const { id, models, healthy, draining, circuit, circuits, in_flight: inFlight, max_in_flight: maxInFlight } = value;
  if (typeof id !== 'string' || !ID.test(id) || typeof healthy !== 'boolean' || typeof draining !== 'boolean' || typeof circuit !== 'string') return undefined;
  if (typeof inFlight !== 'number' || typeof maxInFlight !== 'number' || !isStringList(models) || !isObject(circuits)) return undefined;
  const states: Record<string, string> = {};
  for (const [model, state] of Object.entries(circuits)) if (typeof state === 'string') states[model] = state;
  return { id, models, healthy, draining, circuit, circuits: states, in_flight: inFlight, max_in_flight: maxInFlight };
}

function readPolicyReport(value: unknown): PolicyReport | undefined {
  if (!isObject(value)) return undefined;
  const { model, policy, workers, available_workers: available } = value;
  if (typeof model !== 'string' || model.length > 256 || typeof policy !== 'string' || !isStringList(workers) || !isStringList(available)) return undefined;
  return { model, policy, workers, available_workers: available };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
