import type { WorkerConfig } from '../../plugins/upstream/config/config-types.js';
import { WorkerPool } from '../../plugins/upstream/fleet/worker-pool.js';
import type { Worker } from '../../plugins/upstream/fleet/worker.js';
import type { RoutingRequest } from '../../plugins/upstream/routing/routing-policy.js';
import { testValidators } from './start-gateway.js';

const WORKERS_SCHEMA = 'https://switchyard.dev/schemas/config/workers.schema.json';

/** Worker specs with schema defaults filled, as config would give them. */
export function workerSpecs(workers: readonly Record<string, unknown>[]): WorkerConfig[] {
  const specs: unknown = structuredClone(workers);
  const issues = testValidators().validateConfig(WORKERS_SCHEMA, specs);
  if (issues.length > 0 || !testValidators().guard<readonly WorkerConfig[]>(WORKERS_SCHEMA)(specs)) throw new Error(`bad worker specs: ${JSON.stringify(issues)}`);
  return [...specs];
}

export function buildWorkers(count: number, extra: (i: number) => Record<string, unknown> = () => ({})): Worker[] {
  const pool = new WorkerPool(workerSpecs(Array.from({ length: count }, (_, i) => ({ url: `http://10.0.0.${i + 1}:8000`, models: ['m'], ...extra(i) }))), {});
  return pool.workers;
}

export function routingRequest(text = 'hello', sessionKey?: string): RoutingRequest {
  return { model: 'm', sessionKey, promptText: () => text };
}
