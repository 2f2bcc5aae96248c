import { resolveConfig } from '../../core/config/load-config.js';
import type { WorkerConfig } from '../../core/config/gateway-config.js';
import { WorkerPool } from '../../core/workers/worker-pool.js';
import type { Worker } from '../../core/workers/worker.js';
import type { RoutingRequest } from '../../core/routing/routing-policy.js';
import { testValidators } from './start-gateway.js';

/** Worker specs with schema defaults filled, as config would give them. */
export function workerSpecs(workers: readonly Record<string, unknown>[]): WorkerConfig[] {
  return [...resolveConfig({ workers }, testValidators(), 'test', {}).workers];
}

export function buildWorkers(count: number, extra: (i: number) => Record<string, unknown> = () => ({})): Worker[] {
  const pool = new WorkerPool(workerSpecs(Array.from({ length: count }, (_, i) => ({ url: `http://10.0.0.${i + 1}:8000`, models: ['m'], ...extra(i) }))), {});
  return pool.workers;
}

export function routingRequest(text = 'hello', sessionKey?: string): RoutingRequest {
  return { model: 'm', sessionKey, promptText: () => text };
}
