import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/gateway-config.js';
import type { StateDirectory } from '../state/state-directory.js';
import { SsrfError } from '../security/ssrf-policy.js';
import { activate, type RegistrationDeps } from './register-worker.js';

const FILE = 'workers.json';

interface StoredWorker {
  readonly id: string;
  readonly spec: WorkerConfig;
  /** Discovered or configured models at registration. */
  readonly models: readonly string[];
}

/**
 * Admin-registered workers, kept in the state directory (0600) so they survive a restart. Their
 * API keys are stored there too (the gateway needs them to call the worker) and nowhere else.
 */
export class WorkerStore {
  constructor(
    private readonly state: StateDirectory | undefined,
    private readonly deps: RegistrationDeps,
    private readonly logger: Logger,
  ) {}

  async save(): Promise<void> {
    const stored: StoredWorker[] = this.deps.pool.workers
      .filter((w) => w.source === 'api')
      .map((w) => ({ id: w.id, spec: w.spec, models: [...w.models] }));
    await this.state?.writeJson(FILE, stored);
  }

  /** Re-adds saved workers; each URL is checked against the current SSRF policy again. */
  async restore(): Promise<void> {
    const saved = this.state === undefined ? undefined : await this.state.readJson(FILE);
    if (!Array.isArray(saved)) return;
    for (const entry of saved as StoredWorker[]) {
      try {
        await this.deps.ssrf.checkUrl(entry.spec.url);
      } catch (err) {
        if (!(err instanceof SsrfError)) throw err;
        this.logger.warn({ worker: entry.id, reason: err.message }, 'saved worker refused by the SSRF policy; not restored');
        continue;
      }
      const worker = this.deps.pool.create(entry.spec, 'api', entry.id);
      worker.models = new Set(entry.models);
      activate(worker, this.deps);
    }
  }
}
