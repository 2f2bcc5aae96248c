import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { WasmConfig } from './config/wasm-config.generated.js';
import type { StateDirectory } from '../../core/state/state-directory.js';
import { ConfigError } from '../../core/config/load-config.js';
import { prepareModule, type PreparedModule } from './prepare-module.js';
import { PHASE_OF } from './policy-code.js';
import { findConfigSchema } from './module-config-schema.js';
import { watch, type FSWatcher } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { Counter, type Registry } from 'prom-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { readModuleFile } from './read-module-file.js';
import { ModuleRegistrationError, sameSettings, specOf, type ModuleRecord, type ModuleSpec } from './module-record.js';
import { READY_TIMEOUT_MS, RegisteredModule, runnerFor, type ModuleStats } from './registered-module.js';

/** Shared by name with other replicas when a plugin replicates the state directory. */
export const WASM_STATE_FILE = 'wasm-modules.json';
const STATE_FILE = WASM_STATE_FILE;

/** What `wasm.modules` would change, prepared; nothing is live until `commit`. */
export interface DeclaredChange {
  commit(): void;
  discard(): void;
}

/** Checks one record read back from wasm-modules.json. */
export interface SavedModuleCheck {
  problem(value: unknown): string | undefined;
  isRecord(value: unknown): value is ModuleRecord;
}

/**
 * Registered policies by uuid and by name. A new registration of a name is prepared (read,
 * checked, compiled) completely before it replaces the old version in one assignment, so a bad
 * module never replaces a good one. Records persist; bytes are read again from file_path at boot
 * and must still hash the same.
 */
export class ModuleRegistry {
  readonly #byUuid = new Map<string, RegisteredModule>();
  /** Views read on every request, rebuilt on each change (not per request). */
  #byName = new Map<string, RegisteredModule>();
  #inNameOrder: readonly RegisteredModule[] = [];
  readonly #disabledTotal: Counter<'module'>;
  readonly #watchers: FSWatcher[] = [];
  /** The registration of each name in progress: the next one of that name waits for it. */
  readonly #registering = new Map<string, Promise<unknown>>();
  #refusedShared: readonly { readonly name: string; readonly reason: string }[] = [];

  constructor(
    private readonly config: WasmConfig,
    private readonly state: StateDirectory | undefined,
    private readonly logger: Logger,
    metrics: Registry,
    /** Compiles a module's shipped schema; lists the routes' configs for a policy name. */
    private readonly configChecks?: {
      compile: (schema: unknown) => (value: unknown) => { path: string; message: string }[];
      routeConfigs: (name: string) => { where: string; config: unknown }[];
    },
  ) {
    this.#disabledTotal = new Counter({
      name: 'switchyard_wasm_modules_disabled_total',
      help: 'WASM policies disabled after repeated failures, by module name.',
      labelNames: ['module'] as const,
      registers: [metrics],
    });
  }

  #create(record: ModuleRecord, prepared: PreparedModule): RegisteredModule {
    return new RegisteredModule(
      record,
      prepared,
      runnerFor(record, prepared, this.config),
      (module) => {
        this.#disabledTotal.inc({ module: module.record.name });
        this.logger.error({ module: module.record.name, uuid: module.record.uuid, version: module.record.version, failures: this.config.disable_after_failures }, 'WASM policy disabled after repeated failures');
      },
      this.config.disable_after_failures,
    );
  }

  list(): ModuleRecord[] {
    return this.#inNameOrder.map((m) => m.record);
  }

  /** The live versions, in name order (what attached policies run through). */
  modules(): readonly RegisteredModule[] {
    return this.#inNameOrder;
  }

  byName(name: string): RegisteredModule | undefined {
    return this.#byName.get(name);
  }

  #reindex(): void {
    const ordered = [...this.#byUuid.values()].sort((a, b) => a.record.name.localeCompare(b.record.name));
    this.#byName = new Map(ordered.map((m) => [m.record.name, m]));
    this.#inNameOrder = ordered;
  }

  /**
   * `origin: 'config'` marks a module declared in `wasm.modules` (see `pruneDeclared`). Registrations
   * of one name run one after the other (the API and the file watcher may overlap): each replaces
   * the version the previous one left and numbers itself after it.
   */
  register(spec: ModuleSpec, origin: 'api' | 'config' = 'api'): Promise<ModuleRecord> {
    // Settled, never rejected: a failed registration does not stop the next one.
    const earlier = this.#registering.get(spec.name) ?? Promise.resolve();
    const registered = earlier.then(() => this.#register(spec, origin));
    const settled = registered.catch(() => undefined);
    this.#registering.set(spec.name, settled);
    void settled.then(() => {
      if (this.#registering.get(spec.name) === settled) this.#registering.delete(spec.name);
    });
    return registered;
  }

  async #register(spec: ModuleSpec, origin: 'api' | 'config'): Promise<ModuleRecord> {
    const module = await this.#prepare(spec, origin);
    this.#activate(module);
    await this.#persist();
    return module.record;
  }

  /** Everything a registration does before going live: read, check, compile, boot its workers. */
  async #prepare(spec: ModuleSpec, origin: 'api' | 'config'): Promise<RegisteredModule> {
    checkMode(spec, this.config);
    const file = await readModuleFile(spec.file_path, this.config.module_roots, this.config.max_module_bytes);
    const prepared = await prepareModule(file.bytes, this.config);
    // A second copy of registered bytes is refused; the same name with the same bytes is a new
    // version with new settings.
    const twin = [...this.#byUuid.values()].find((m) => m.prepared.sha256 === prepared.sha256 && m.record.name !== spec.name);
    if (twin !== undefined) throw new ModuleRegistrationError(`these bytes are already registered as "${twin.record.name}"; register that name again to change its settings`);
    const missing = spec.attach_points.map((p) => PHASE_OF[p.Middleware]).filter((phase) => !prepared.phases.has(phase));
    if (missing.length > 0) throw new ModuleRegistrationError(`the module does not export ${[...new Set(missing)].join(', ')}, which its attach points need`);
    await this.#checkConfig(spec, prepared, file.realPath);
    const previous = this.byName(spec.name);
    const record: ModuleRecord = {
      ...specOf(spec),
      ...(origin === 'config' ? { declared: true as const } : {}),
      uuid: randomUUID(),
      sha256: prepared.sha256,
      size: prepared.size,
      transport: prepared.transport,
      version: (previous?.record.version ?? 0) + 1,
      created_at: new Date().toISOString(),
      last_accessed_at: null,
      access_count: 0,
    };
    const module = this.#create(record, prepared);
    await this.#untilBooted(module);
    return module;
  }

  /** The swap is one assignment; requests already calling the old version finish on it. */
  #activate(module: RegisteredModule): void {
    const previous = this.byName(module.record.name);
    if (previous !== undefined) {
      this.#byUuid.delete(previous.record.uuid);
      previous.retire();
    }
    this.#byUuid.set(module.record.uuid, module);
    this.#reindex();
  }

  /**
   * Only a version that can answer at once goes live: no request waits for a worker to boot (the
   * wait would count toward its time limit). One whose workers do not start is closed.
   */
  async #untilBooted(module: RegisteredModule): Promise<void> {
    const giveUp = new AbortController();
    const booted = await Promise.race([module.runner.ready().then(() => true), sleep(READY_TIMEOUT_MS, false, { signal: giveUp.signal }).catch(() => false)]);
    giveUp.abort();
    if (!booted) {
      await module.runner.close();
      throw new ModuleRegistrationError(`the policy's workers did not start within ${READY_TIMEOUT_MS} ms`);
    }
  }

  /**
   * `wasm.modules` from config (at boot and on each reload), in two steps like every reload: each
   * new or changed module is prepared completely (one that fails is reported with every other
   * failure, and nothing goes live); `commit` then swaps them all in at once and removes those an
   * earlier config declared and this one does not (API registrations stay). A module whose loaded
   * version has the same bytes and settings is kept as is.
   */
  async prepareDeclared(specs: readonly ModuleSpec[]): Promise<DeclaredChange> {
    const prepared: RegisteredModule[] = [];
    const issues: { path: string; message: string }[] = [];
    for (const [index, spec] of specs.entries()) {
      try {
        if (!(await this.#isLoaded(spec))) prepared.push(await this.#prepare(spec, 'config'));
      } catch (err) {
        issues.push({ path: `/wasm/modules/${index}`, message: `${spec.name}: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    const discard = (): void => {
      for (const module of prepared) module.retire();
    };
    if (issues.length > 0) {
      discard();
      throw new ConfigError('wasm.modules', issues);
    }
    const declared = new Set(specs.map((m) => m.name));
    return {
      commit: () => {
        for (const module of prepared) this.#activate(module);
        const stale = this.modules().filter((m) => m.record.declared === true && !declared.has(m.record.name));
        for (const module of stale) {
          this.#byUuid.delete(module.record.uuid);
          module.retire();
        }
        this.#reindex();
        if (stale.length > 0) this.logger.info({ modules: stale.map((m) => m.record.name) }, 'WASM modules no longer declared in config were removed');
        if (prepared.length > 0 || stale.length > 0) {
          this.#persist().catch((err: unknown) => this.logger.error({ reason: err instanceof Error ? err.message : String(err) }, 'WASM module list not saved'));
        }
      },
      discard,
    };
  }

  async #isLoaded(spec: ModuleSpec): Promise<boolean> {
    const current = this.byName(spec.name);
    if (current === undefined || !sameSettings(current.record, spec)) return false;
    const file = await readModuleFile(spec.file_path, this.config.module_roots, this.config.max_module_bytes);
    return createHash('sha256').update(file.bytes).digest('hex') === current.record.sha256;
  }

  /**
   * With a schema shipped by the module: its registration `config` and every route's
   * `wasm:<name>` config must satisfy it (every error reported); otherwise the module is refused.
   */
  async #checkConfig(spec: ModuleSpec, prepared: PreparedModule, realPath: string): Promise<void> {
    if (this.configChecks === undefined) return;
    let schema: unknown;
    try {
      schema = await findConfigSchema(prepared.coreModules, realPath);
    } catch (err) {
      throw new ModuleRegistrationError((err as Error).message);
    }
    if (schema === undefined) return;
    let check: (value: unknown) => { path: string; message: string }[];
    try {
      check = this.configChecks.compile(schema);
    } catch (err) {
      throw new ModuleRegistrationError(`the module's config schema does not compile: ${(err as Error).message.slice(0, 200)}`);
    }
    const issues = [
      ...check(spec.config ?? {}).map((i) => `config${i.path} ${i.message}`),
      ...this.configChecks.routeConfigs(spec.name).flatMap(({ where, config }) => check(config).map((i) => `${where}${i.path} ${i.message}`)),
    ];
    if (issues.length > 0) throw new ModuleRegistrationError(`config does not match the module's schema: ${issues.join('; ').slice(0, 1500)}`);
  }

  /** `PATCH /wasm/{uuid} {enabled}`: the record as it now is, or undefined for an unknown uuid. Saved. */
  async setEnabled(uuid: string, enabled: boolean): Promise<ModuleRecord | undefined> {
    const module = this.#byUuid.get(uuid);
    if (module === undefined) return undefined;
    module.setEnabled(enabled);
    await this.#persist();
    return module.record;
  }

  async remove(uuid: string): Promise<boolean> {
    const module = this.#byUuid.get(uuid);
    if (module === undefined) return false;
    this.#byUuid.delete(uuid);
    this.#reindex();
    module.retire();
    await this.#persist();
    return true;
  }

  totals(): ModuleStats {
    const totals: ModuleStats = { total: 0, succeeded: 0, failed: 0, totalMs: 0, maxMs: 0 };
    for (const { stats } of this.#byUuid.values()) {
      totals.total += stats.total;
      totals.succeeded += stats.succeeded;
      totals.failed += stats.failed;
      totals.totalMs += stats.totalMs;
      totals.maxMs = Math.max(totals.maxMs, stats.maxMs);
    }
    return totals;
  }

  /**
   * Watches the module roots: when a registered module's file changes, it is registered again
   * (same spec, next version). Prepared first, so a broken or half-written file never replaces the
   * loaded version; changes within 200 ms are coalesced.
   */
  watchRoots(): void {
    const pending = new Map<string, NodeJS.Timeout>();
    for (const root of this.config.module_roots) {
      const watcher = watch(root, { recursive: true }, (_event, file) => {
        if (file === null || !file.endsWith('.wasm')) return;
        const path = join(root, file);
        clearTimeout(pending.get(path));
        const timer = setTimeout(() => {
          pending.delete(path);
          void this.#reloadFile(path);
        }, 200);
        timer.unref();
        pending.set(path, timer);
      });
      watcher.unref();
      this.#watchers.push(watcher);
    }
  }

  async #reloadFile(path: string): Promise<void> {
    const changed = await realpath(path).catch(() => path);
    for (const { record } of this.modules()) {
      if ((await realpath(record.file_path).catch(() => record.file_path)) !== changed) continue;
      try {
        const next = await this.register(specOf(record), record.declared === true ? 'config' : 'api');
        this.logger.info({ module: next.name, version: next.version }, 'WASM module reloaded after its file changed');
      } catch (err) {
        this.logger.warn({ module: record.name, reason: (err as Error).message }, 'changed WASM module file not loaded; the current version stays');
      }
    }
  }

  close(): void {
    for (const watcher of this.#watchers.splice(0)) watcher.close();
    for (const module of this.#byUuid.values()) module.retire();
  }

  /**
   * Loads what the state directory kept, each record checked by `check` (schemas/state/
   * wasm-module.schema.json) first: a file edited by hand never smuggles in a malformed module.
   */
  async restore(check: SavedModuleCheck): Promise<void> {
    const saved = this.state === undefined ? undefined : await this.state.readJson(STATE_FILE);
    if (!Array.isArray(saved)) return;
    // Booted side by side, before the gateway listens.
    const restored = await Promise.all(
      saved.map(async (value: unknown, index) => {
        const problem = check.problem(value);
        if (problem !== undefined || !check.isRecord(value)) {
          this.logger.warn({ index, reason: problem ?? 'not a module record' }, 'saved WASM module not restored');
          return undefined;
        }
        return this.#loadSaved(value, 'saved WASM module not restored');
      }),
    );
    for (const module of restored) if (module !== undefined) this.#byUuid.set(module.record.uuid, module);
    this.#reindex();
  }

  /**
   * The registrations as another replica saved them (shared state): each new version is read from
   * this replica's own copy of the file, which must hash to the recorded SHA-256, compiled and
   * booted before it goes live; one that does not is refused, reported (`refusedShared`) and the
   * version this replica had stays. Modules no longer listed retire. Nothing is written back.
   */
  async applySaved(saved: unknown, check: SavedModuleCheck): Promise<void> {
    if (!Array.isArray(saved)) return;
    const records = saved.filter((value: unknown): value is ModuleRecord => check.problem(value) === undefined && check.isRecord(value));
    const listed = new Set(records.map((r) => r.uuid));
    const refused = new Map<string, string>();
    for (const record of records) {
      if (this.#byUuid.has(record.uuid)) continue;
      const module = await this.#loadSaved(record, 'shared WASM module refused on this replica', (reason) => refused.set(record.name, reason));
      if (module !== undefined) this.#activate(module);
    }
    for (const module of [...this.#byUuid.values()]) {
      // Config-declared modules belong to this replica's config, not to the shared registry.
      if (listed.has(module.record.uuid) || refused.has(module.record.name) || module.record.declared === true) continue;
      this.#byUuid.delete(module.record.uuid);
      module.retire();
    }
    this.#reindex();
    this.#refusedShared = [...refused].map(([name, reason]) => ({ name, reason }));
  }

  /** Shared registrations this replica could not load (bad copy of the file …), for /health. */
  get refusedShared(): readonly { readonly name: string; readonly reason: string }[] {
    return this.#refusedShared;
  }

  async #loadSaved(record: ModuleRecord, failure: string, onRefused: (reason: string) => void = () => undefined): Promise<RegisteredModule | undefined> {
    try {
      checkMode(record, this.config);
      const file = await readModuleFile(record.file_path, this.config.module_roots, this.config.max_module_bytes);
      const prepared = await prepareModule(file.bytes, this.config);
      if (prepared.sha256 !== record.sha256) throw new ModuleRegistrationError(`the file's SHA-256 is not the registered one (${record.sha256.slice(0, 12)}…); this copy is corrupt or another version`);
      const module = this.#create({ ...record }, prepared);
      await this.#untilBooted(module);
      return module;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.logger.warn({ module: record.name, uuid: record.uuid, reason }, failure);
      onRefused(reason);
      return undefined;
    }
  }

  async #persist(): Promise<void> {
    await this.state?.writeJson(STATE_FILE, this.list());
  }
}

/**
 * `inline` runs a policy on the main thread, where nothing can stop a call that does not return:
 * one endless loop would freeze the whole process for good (even SIGTERM is never handled). Only
 * an operator who says so in config accepts that.
 */
function checkMode(spec: ModuleSpec, config: WasmConfig): void {
  if (spec.mode === 'inline' && !config.allow_inline) {
    throw new ModuleRegistrationError(
      'mode "inline" is refused: an inline policy runs on the gateway\'s main thread with no timeout, so one endless loop would freeze the whole process for good (even SIGTERM); use mode "isolated", or set wasm.allow_inline: true in the gateway config to accept that risk',
    );
  }
}
