import type { Logger } from 'pino';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { Worker, WorkerPool } from './worker-pool.js';

const ATTEMPT_TIMEOUT_MS = 5_000;
const RETRY_EVERY_MS = 5_000;

/**
 * Asks every worker configured without models for its /v1/models. The first round is awaited at
 * boot so `launch --worker-urls URL` serves that worker's models at once; workers that did not
 * answer are retried in the background until they do. Returns a stop function.
 */
export async function discoverModels(pool: WorkerPool, providers: ProviderRegistry, logger: Logger, workers: readonly Worker[] = pool.workers): Promise<() => void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const pending = new Set(workers.filter((w) => w.discoversModels));

  const attempt = async (worker: Worker): Promise<void> => {
    try {
      const models = await providers.forRuntime(worker.runtime).listModels(worker, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS));
      pool.setModels(worker, models);
      pending.delete(worker);
      logger.info({ worker: worker.id, url: worker.url, models }, 'discovered worker models');
    } catch (err) {
      logger.warn({ worker: worker.id, url: worker.url, reason: (err as Error).message }, 'model discovery failed; will retry');
    }
  };

  const round = async (): Promise<void> => {
    await Promise.all([...pending].map(attempt));
    if (!stopped && pending.size > 0) {
      timer = setTimeout(() => void round(), RETRY_EVERY_MS);
      timer.unref();
    }
  };

  await round();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
