import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/config-types.js';
import type { StateDirectory } from '../../../core/state/state-directory.js';
import { readSavedList } from '../../../core/state/read-saved-list.js';
import { SsrfError } from '../ssrf/ssrf-policy.js';
import { activate, type RegistrationDeps } from './register-worker.js';

/** Shared by name with other replicas when a plugin replicates the state directory. */
export const WORKERS_STATE_FILE = 'workers.json';
const FILE = WORKERS_STATE_FILE;

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
    /** The WorkerSpec schema's guard: a saved spec is checked as carefully as a new one. */
    private readonly isSpec: (value: unknown) => value is WorkerConfig,
  ) {}

  async save(): Promise<void> {
    const stored: StoredWorker[] = this.deps.pool.workers
      .filter((w) => w.source === 'api')
      .map((w) => ({ id: w.id, spec: w.spec, models: [...w.models] }));
    await this.state?.writeJson(FILE, stored);
  }

  /**
   * Re-adds saved workers. Each entry is checked first (a file edited by hand, or by another
   * version, never smuggles in a malformed worker) and its URL against the current SSRF policy.
   */
  async restore(): Promise<void> {
    const saved = await readSavedList(this.state, FILE, (entry): entry is StoredWorker => this.#isStored(entry), this.logger, { one: 'worker', many: 'workers' });
    for (const stored of saved) {
      try {
        await this.deps.ssrf.checkUrl(stored.spec.url);
      } catch (err) {
        if (!(err instanceof SsrfError)) throw err;
        this.logger.warn({ worker: stored.id, reason: err.message }, 'saved worker refused by the SSRF policy; not restored');
        continue;
      }
      const worker = this.deps.pool.create(stored.spec, 'api', stored.id);
      worker.models = new Set(stored.models);
      activate(worker, this.deps);
    }
  }

  /**
   * The admin-registered workers as another replica saved them: new or changed ones are added
   * (checked like a restore: shape, then the SSRF policy here), ones no longer listed drain and go.
   * An unchanged worker keeps its live health, breaker and load. Nothing is written back.
   */
  async applySaved(saved: unknown): Promise<void> {
    const entries = Array.isArray(saved) ? saved.filter((entry): entry is StoredWorker => this.#isStored(entry)) : [];
    if (Array.isArray(saved) && entries.length !== saved.length) this.logger.warn({ skipped: saved.length - entries.length }, 'a shared worker registration is malformed; skipped');
    const listed = new Set(entries.map((e) => e.id));
    for (const worker of this.deps.pool.workers) {
      if (worker.source !== 'api' || listed.has(worker.id)) continue;
      this.deps.health.unwatch(worker);
      this.deps.pool.remove(worker.id);
      this.logger.info({ worker: worker.id }, 'worker removed on another replica');
    }
    for (const stored of entries) {
      const current = this.deps.pool.get(stored.id);
      if (current !== undefined && current.source === 'config') continue;
      if (current !== undefined && JSON.stringify(current.spec) === JSON.stringify(stored.spec) && sameModels(current.models, stored.models)) continue;
      try {
        await this.deps.ssrf.checkUrl(stored.spec.url);
      } catch (err) {
        if (!(err instanceof SsrfError)) throw err;
        this.logger.warn({ worker: stored.id, reason: err.message }, 'shared worker refused by the SSRF policy; not added');
        continue;
      }
      const worker = this.deps.pool.create(stored.spec, 'api', stored.id);
      worker.models = new Set(stored.models);
      if (current !== undefined) worker.draining = current.draining;
      activate(worker, this.deps);
    }
  }

  #isStored(entry: unknown): boolean {
    if (entry === null || typeof entry !== 'object') return false;
    const id: unknown = Reflect.get(entry, 'id');
    const models: unknown = Reflect.get(entry, 'models');
    if (typeof id !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(id) || !this.isSpec(Reflect.get(entry, 'spec'))) return false;
    return Array.isArray(models) && models.every((m) => typeof m === 'string' && m.length > 0 && m.length <= 256);
  }
}

function sameModels(current: ReadonlySet<string>, stored: readonly string[]): boolean {
  return current.size === stored.length && stored.every((m) => current.has(m));
}
