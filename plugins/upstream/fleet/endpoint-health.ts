import type { WorkerPool } from './worker-pool.js';

/**
 * vLLM Semantic Router's `/health` `endpoints` section: each worker by id (never its URL) as
 * `healthy` — its health checks pass, it is not draining and no model's breaker is open or
 * probing — or `degraded`. Public, like the rest of `/health`.
 */
export function endpointHealth(pool: WorkerPool): Record<string, 'healthy' | 'degraded'> {
  const endpoints: Record<string, 'healthy' | 'degraded'> = {};
  for (const worker of pool.workers) endpoints[worker.id] = worker.routable && worker.circuit === 'closed' ? 'healthy' : 'degraded';
  return endpoints;
}
