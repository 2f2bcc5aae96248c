import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { WasmConfig } from '../config/gateway-config.js';
import type { StateDirectory } from '../state/state-directory.js';
import { prepareModule, type PreparedModule } from './prepare-module.js';
import { ModuleFileRefused, readModuleFile } from './read-module-file.js';
import type { Transport } from './wasm-binary.js';

export type AttachPoint = 'OnRequest' | 'OnResponse' | 'OnStreamChunk' | 'OnError';

/** What an admin asks to register (schemas/admin/wasm-register.schema.json). */
export interface ModuleSpec {
  readonly name: string;
  readonly file_path: string;
  readonly module_type: 'Middleware';
  readonly attach_points: readonly { readonly Middleware: AttachPoint }[];
  readonly on_error: 'fail_closed' | 'fail_open';
  readonly mode: 'isolated' | 'inline';
  readonly timeout_ms: number;
  readonly routes?: readonly string[];
  readonly config?: Readonly<Record<string, unknown>>;
}

export interface ModuleRecord extends ModuleSpec {
  readonly uuid: string;
  readonly sha256: string;
  readonly size: number;
  readonly transport: Transport;
  /** 1 for a name's first registration, then +1 for each replacement. */
  readonly version: number;
  readonly created_at: string;
  last_accessed_at: string | null;
  access_count: number;
}

export interface RegisteredModule {
  readonly record: ModuleRecord;
  readonly prepared: PreparedModule;
}

export class ModuleRegistrationError extends Error {
  override name = 'ModuleRegistrationError';
}

const STATE_FILE = 'wasm-modules.json';

/**
 * Registered policies by uuid and by name. A new registration of a name is prepared (read,
 * checked, compiled) completely before it replaces the old version in one assignment, so a bad
 * module never replaces a good one. Records persist; bytes are read again from file_path at boot
 * and must still hash the same.
 */
export class ModuleRegistry {
  readonly #byUuid = new Map<string, RegisteredModule>();

  constructor(
    private readonly config: WasmConfig,
    private readonly state: StateDirectory | undefined,
    private readonly logger: Logger,
  ) {}

  list(): ModuleRecord[] {
    return [...this.#byUuid.values()].map((m) => m.record).sort((a, b) => a.name.localeCompare(b.name));
  }

  byName(name: string): RegisteredModule | undefined {
    for (const module of this.#byUuid.values()) if (module.record.name === name) return module;
    return undefined;
  }

  async register(spec: ModuleSpec): Promise<ModuleRecord> {
    const file = await readModuleFile(spec.file_path, this.config.module_roots, this.config.max_module_bytes);
    const prepared = await prepareModule(file.bytes, this.config);
    if ([...this.#byUuid.values()].some((m) => m.prepared.sha256 === prepared.sha256)) throw new ModuleFileRefused();
    const previous = this.byName(spec.name);
    const record: ModuleRecord = {
      ...spec,
      uuid: randomUUID(),
      sha256: prepared.sha256,
      size: prepared.size,
      transport: prepared.transport,
      version: (previous?.record.version ?? 0) + 1,
      created_at: new Date().toISOString(),
      last_accessed_at: null,
      access_count: 0,
    };
    if (previous !== undefined) this.#byUuid.delete(previous.record.uuid);
    this.#byUuid.set(record.uuid, { record, prepared });
    await this.#persist();
    return record;
  }

  async remove(uuid: string): Promise<boolean> {
    if (!this.#byUuid.delete(uuid)) return false;
    await this.#persist();
    return true;
  }

  async restore(): Promise<void> {
    const saved = this.state === undefined ? undefined : await this.state.readJson(STATE_FILE);
    if (!Array.isArray(saved)) return;
    for (const record of saved as ModuleRecord[]) {
      try {
        const file = await readModuleFile(record.file_path, this.config.module_roots, this.config.max_module_bytes);
        const prepared = await prepareModule(file.bytes, this.config);
        if (prepared.sha256 !== record.sha256) throw new ModuleRegistrationError('file changed since registration');
        this.#byUuid.set(record.uuid, { record: { ...record }, prepared });
      } catch (err) {
        this.logger.warn({ module: record.name, uuid: record.uuid, reason: (err as Error).message }, 'saved WASM module not restored');
      }
    }
  }

  async #persist(): Promise<void> {
    await this.state?.writeJson(STATE_FILE, this.list());
  }
}
