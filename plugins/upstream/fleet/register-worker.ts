import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/config-types.js';
import { GatewayError } from '../../../core/errors/gateway-error.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import { SsrfError, type SsrfPolicy } from '../ssrf/ssrf-policy.js';
import type { HealthChecker } from './health-checker.js';
import type { Worker } from './worker.js';
import type { WorkerPool } from './worker-pool.js';

export interface RegistrationDeps {
  readonly pool: WorkerPool;
  readonly ssrf: SsrfPolicy;
  readonly providers: ProviderRegistry;
  readonly health: HealthChecker;
  readonly logger: Logger;
}

const DISCOVERY_TIMEOUT_MS = 5000;

/**
 * The registration workflow for an admin-registered worker: check the URL against the SSRF
 * policy, probe its health, discover its models when the spec names none, and only then make it
 * routable (replacing the worker with the same id, which drains). Nothing is sent anywhere before
 * the URL passed the policy, and redirects are never followed.
 */
export async function registerWorker(spec: WorkerConfig, deps: RegistrationDeps, id?: string): Promise<Worker> {
  try {
    await deps.ssrf.checkUrl(spec.url);
  } catch (err) {
    if (err instanceof SsrfError) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', `Invalid body: /url ${err.message}.`, { param: 'url' });
    throw err;
  }
  if (spec.url.startsWith('grpc://')) {
    // Accepted by the WorkerSpec (SMG's) and the SSRF policy, but no provider speaks gRPC yet.
    throw new GatewayError('GW_ERR_ADMIN_WORKER_UNHEALTHY', 'grpc:// workers need a gRPC transport, which this gateway does not have yet; register the worker\'s HTTP endpoint.');
  }
  const worker = deps.pool.create(spec, 'api', id);
  if (!(await deps.health.probe(worker))) {
    throw new GatewayError('GW_ERR_ADMIN_WORKER_UNHEALTHY', 'The worker did not pass its health probe; it was not registered.');
  }
  if (worker.discoversModels) {
    try {
      worker.models = new Set(await deps.providers.forRuntime(worker.runtime).listModels(worker, AbortSignal.timeout(DISCOVERY_TIMEOUT_MS)));
    } catch {
      throw new GatewayError('GW_ERR_ADMIN_WORKER_UNHEALTHY', "The worker's models could not be discovered from its /v1/models; name them in `models`.");
    }
  }
  activate(worker, deps);
  return worker;
}

export function activate(worker: Worker, deps: RegistrationDeps): void {
  const previous = deps.pool.get(worker.id);
  if (previous !== undefined) deps.health.unwatch(previous);
  deps.pool.add(worker);
  deps.health.watch(worker);
  deps.logger.info({ worker: worker.id, url: worker.url, models: [...worker.models] }, 'worker registered');
}
