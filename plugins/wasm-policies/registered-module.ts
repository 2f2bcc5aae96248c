import { performance } from 'node:perf_hooks';
import { releaseOnce } from '../../core/util/release-once.js';
import type { WasmConfig } from './config/wasm-config.generated.js';
import { type AttachPoint, type ModuleRecord, type ModuleSpec } from './module-record.js';
import { createInlineRunner, createIsolatedRunner, neverStarted, PolicyRunnerClosed, type PolicyRunner } from './policy-runner.js';
import type { PreparedModule } from './prepare-module.js';
import type { PolicyPhase } from './policy-code.js';

export interface ModuleStats {
  total: number;
  succeeded: number;
  failed: number;
  totalMs: number;
  maxMs: number;
}

/**
 * One registered version: its record, compiled module and runner. Calls lease it, so a version
 * replaced by a newer one closes its runner only after its in-flight calls finished.
 */
export class RegisteredModule {
  readonly stats: ModuleStats = { total: 0, succeeded: 0, failed: 0, totalMs: 0, maxMs: 0 };
  readonly attachPoints: ReadonlySet<AttachPoint>;
  #active = 0;
  #retired = false;
  #closed = false;
  #failuresInARow = 0;

  constructor(
    readonly record: ModuleRecord,
    readonly prepared: PreparedModule,
    readonly runner: PolicyRunner,
    private readonly onDisabled: (module: RegisteredModule) => void = () => undefined,
    private readonly disableAfter = Number.POSITIVE_INFINITY,
  ) {
    this.attachPoints = new Set(record.attach_points.map((p) => p.Middleware));
  }

  /**
   * Keeps this version's runner open until the returned release is called: a request leases the
   * version it started on for all its phases (OnRequest … the last stream chunk), so a swap in
   * between never closes the runner under it. Lease in the same tick as the lookup that found
   * this version (the registry's views hold only versions that are not retired): a retired version
   * closes as soon as nothing holds it, and a closed one cannot be leased again.
   */
  lease(): () => void {
    if (this.#closed) throw new Error(`version ${this.record.version} of the policy "${this.record.name}" is closed; lease a version when you look it up`);
    this.#active += 1;
    return releaseOnce(() => {
      this.#active -= 1;
      this.#closeIfDrained();
    });
  }

  /**
   * Calls the policy and reads its answer with `parse`. A trap, a timeout while running, and an
   * answer `parse` refuses (not JSON, not an action) all count toward disabling it; a call that
   * never ran (queue full, no instance free before its deadline) does not.
   */
  async call<T>(phase: PolicyPhase, input: string, parse: (output: string) => T): Promise<T> {
    if (this.disabled) throw new Error('the policy is disabled after repeated failures');
    // Only a caller that did not lease the version can get here after it closed.
    if (this.#closed) throw new PolicyRunnerClosed();
    const release = this.lease();
    const started = performance.now();
    try {
      const result = parse(await this.runner.call(phase, input));
      this.stats.succeeded += 1;
      this.#failuresInARow = 0;
      return result;
    } catch (err) {
      this.stats.failed += 1;
      if (!neverStarted(err)) this.#countFailure();
      throw err;
    } finally {
      const ms = performance.now() - started;
      this.stats.total += 1;
      this.stats.totalMs += ms;
      this.stats.maxMs = Math.max(this.stats.maxMs, ms);
      this.record.access_count += 1;
      this.record.last_accessed_at = new Date().toISOString();
      release();
    }
  }

  #countFailure(): void {
    this.#failuresInARow += 1;
    if (this.#failuresInARow >= this.disableAfter && !this.disabled) {
      this.record.disabled = true;
      this.onDisabled(this);
    }
  }

  get disabled(): boolean {
    return this.record.disabled === true;
  }

  /** Switched off by an admin: callers skip it (it is not an error, unlike `disabled`). */
  get paused(): boolean {
    return this.record.paused === true;
  }

  /** An admin's switch: off pauses it; on runs it again, with a fresh start after an automatic disable. */
  setEnabled(enabled: boolean): void {
    if (!enabled) {
      this.record.paused = true;
      return;
    }
    delete this.record.paused;
    delete this.record.disabled;
    this.#failuresInARow = 0;
  }

  /** No new request finds this version; its runner closes once the last lease is released. */
  retire(): void {
    this.#retired = true;
    this.#closeIfDrained();
  }

  #closeIfDrained(): void {
    if (!this.#retired || this.#active > 0 || this.#closed) return;
    this.#closed = true;
    void this.runner.close();
  }
}

export function runnerFor(spec: ModuleSpec, prepared: PreparedModule, config: Pick<WasmConfig, 'max_queued_calls'>): PolicyRunner {
  const limits = { timeoutMs: spec.timeout_ms, maxQueued: config.max_queued_calls };
  return spec.mode === 'inline' ? createInlineRunner(prepared.code, limits) : createIsolatedRunner(prepared.code, ISOLATED_WORKERS, limits);
}

const ISOLATED_WORKERS = 2;
export const READY_TIMEOUT_MS = 15_000;
