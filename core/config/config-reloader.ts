import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import { request } from 'undici';
import { parse as parseYaml } from 'yaml';
import type { StateDirectory } from '../state/state-directory.js';
import { isJsonObject } from '../streams/is-json-object.js';
import type { GatewayConfig } from './gateway-config.js';
import { ConfigError } from './load-config.js';
import { mergeConfig } from './merge-config.js';

/** Where the base config comes from: the file and the launch flags laid over it (bin/ builds it). */
export interface ConfigSource {
  /** For logs and errors: the file path, or "command line". */
  readonly name: string;
  /** The file to watch, when the source is one. */
  readonly file?: string;
  /** Reads the base config again (throws ConfigError when the file cannot be read or parsed). */
  read(): unknown;
}

export interface ReloadOutcome {
  readonly version: string;
  readonly restartRequired: readonly string[];
}

/** What the reloader needs of the app: validate a raw config, apply a validated one. */
export interface ReloadTarget {
  resolve(raw: unknown, source: string): GatewayConfig;
  apply(config: GatewayConfig): Promise<ReloadOutcome>;
  readonly config: GatewayConfig;
}

interface SyncStatus {
  etag: string | undefined;
  lastSyncTime: string | null;
  lastError: string | null;
  running: boolean;
}

/** Where the `/admin/config/update` overlay persists; replicas share it under the same name. */
export const OVERLAY_FILE = 'config-overlay.json';

/**
 * Every way the running config changes: the file again (`/config/reload`, SIGHUP, watching), a
 * document polled from a URL (`config.sync`), and the overlay of `/admin/config/update` (kept in
 * the state directory so a restart keeps it). Layers: base (file + flags) ← sync ← overlay. Each
 * change validates the whole result first; a broken one changes nothing and reports every error.
 * One change at a time.
 */
export class ConfigReloader {
  #overlay: unknown;
  #synced: unknown;
  #reloadCount = 0;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #sync: SyncStatus = { etag: undefined, lastSyncTime: null, lastError: null, running: false };
  #watcher: FSWatcher | undefined;
  #watchTimer: NodeJS.Timeout | undefined;
  #syncTimer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(
    private readonly target: ReloadTarget,
    private readonly source: ConfigSource | undefined,
    private readonly state: StateDirectory | undefined,
    private readonly logger: Logger,
    overlay: unknown,
  ) {
    this.#overlay = overlay;
  }

  /** The overlay saved by `/admin/config/update`, to lay over the base config at boot. */
  static async savedOverlay(state: StateDirectory | undefined): Promise<unknown> {
    const saved = state === undefined ? undefined : await state.readJson(OVERLAY_FILE);
    return isJsonObject(saved) ? saved : undefined;
  }

  static async open(target: ReloadTarget, source: ConfigSource | undefined, state: StateDirectory | undefined, logger: Logger): Promise<ConfigReloader> {
    return new ConfigReloader(target, source, state, logger, await ConfigReloader.savedOverlay(state));
  }

  get reloadCount(): number {
    return this.#reloadCount;
  }

  get overlay(): unknown {
    return this.#overlay ?? {};
  }

  get hasSource(): boolean {
    return this.source !== undefined;
  }

  /** Re-reads the base config and applies every layer. */
  reloadFromSources(reason: string): Promise<ReloadOutcome> {
    return this.#serialised(async () => this.#apply(this.#compose(this.#readBase(), this.#synced, this.#overlay), reason));
  }

  /** Lays a partial config over the running one, applies it, and keeps it across restarts. */
  updateOverlay(partial: unknown): Promise<ReloadOutcome> {
    return this.#serialised(async () => {
      const overlay = mergeConfig(this.#overlay ?? {}, partial);
      const outcome = await this.#apply(this.#compose(this.#readBase(), this.#synced, overlay), 'admin config update');
      this.#overlay = overlay;
      await this.state?.writeJson(OVERLAY_FILE, overlay);
      return outcome;
    });
  }

  /**
   * The overlay as another replica saved it (shared state): applied over this replica's base
   * config without being written back. One this replica's config refuses is logged and the
   * running config stays (the replica reports its own config version in /ha/status).
   */
  adoptOverlay(saved: unknown): Promise<void> {
    if (!isJsonObject(saved)) return Promise.resolve();
    const overlay = Object.keys(saved).length === 0 ? undefined : saved;
    return this.#serialised(async () => {
      try {
        await this.#apply(this.#compose(this.#readBase(), this.#synced, overlay), 'config overlay changed on another replica');
        this.#overlay = overlay;
      } catch (err) {
        this.logger.error({ reason: err instanceof Error ? err.message.slice(0, 500) : String(err) }, 'shared config overlay refused here; the running config stays');
      }
    });
  }

  /** Drops the overlay and applies the config without it. */
  clearOverlay(): Promise<ReloadOutcome> {
    return this.#serialised(async () => {
      const outcome = await this.#apply(this.#compose(this.#readBase(), this.#synced, undefined), 'admin config overlay removed');
      this.#overlay = undefined;
      await this.state?.writeJson(OVERLAY_FILE, {});
      return outcome;
    });
  }

  /**
   * Watches the config file (its directory, so a rename over the file is seen too); changes within
   * the debounce window are one reload, and a file that does not parse or validate is logged and
   * left alone — the running config stays.
   */
  watchFile(debounceMs: number): void {
    const file = this.source?.file;
    if (file === undefined || this.#watcher !== undefined) return;
    this.#watcher = watch(dirname(file), (_event, name) => {
      if (name !== null && name !== basename(file)) return;
      clearTimeout(this.#watchTimer);
      this.#watchTimer = setTimeout(() => {
        void this.reloadFromSources('config file changed').then(
          (outcome) => this.logger.info({ config_version: outcome.version }, 'config file change applied'),
          (err: unknown) => this.logger.warn({ problems: describe(err) }, 'config file change not applied; the running config stays'),
        );
      }, debounceMs);
      this.#watchTimer.unref();
    });
    this.#watcher.unref();
  }

  /** Polls `config.sync.url` with If-None-Match; a new document is laid over the file and applied. */
  startSync(): void {
    const settings = this.target.config.config.sync;
    if (settings === undefined || this.#sync.running) return;
    this.#sync.running = true;
    const tick = (): void => {
      void this.syncNow().finally(() => {
        if (this.#closed) return;
        this.#syncTimer = setTimeout(tick, (this.target.config.config.sync?.sync_interval_seconds ?? settings.sync_interval_seconds) * 1000);
        this.#syncTimer.unref();
      });
    };
    tick();
  }

  /** One poll now (also `/router/reload` with `force_sync`). Never throws: the status says what happened. */
  async syncNow(): Promise<{ changed: boolean; error?: string }> {
    const settings = this.target.config.config.sync;
    if (settings === undefined) return { changed: false, error: 'config.sync is not configured' };
    try {
      const res = await request(settings.url, {
        method: 'GET',
        headers: { ...settings.headers, ...(this.#sync.etag === undefined ? {} : { 'if-none-match': this.#sync.etag }) },
        signal: AbortSignal.timeout(settings.timeout_ms),
      });
      const text = await res.body.text();
      this.#sync.lastSyncTime = new Date().toISOString();
      if (res.statusCode === 304) {
        this.#sync.lastError = null;
        return { changed: false };
      }
      if (res.statusCode !== 200) throw new Error(`the sync URL answered HTTP ${res.statusCode}`);
      const etag = res.headers['etag'];
      const document: unknown = parseYaml(text);
      if (!isJsonObject(document)) throw new Error('the synced document is not a config object');
      await this.#serialised(async () => this.#apply(this.#compose(this.#readBase(), document, this.#overlay), 'config sync'));
      this.#synced = document;
      this.#sync.etag = typeof etag === 'string' ? etag : undefined;
      this.#sync.lastError = null;
      return { changed: true };
    } catch (err) {
      const reason = describe(err).join('; ').slice(0, 500);
      this.#sync.lastError = reason;
      this.logger.warn({ reason }, 'config sync not applied; the running config stays');
      return { changed: false, error: reason };
    }
  }

  /** seed 003's `/config/sync/status`. */
  syncStatus(): Record<string, unknown> {
    const settings = this.target.config.config.sync;
    return {
      enabled: settings !== undefined,
      hot_reload_enabled: this.target.config.config.watch || settings !== undefined,
      sync_interval_seconds: settings?.sync_interval_seconds ?? null,
      source: settings === undefined ? null : { type: 'http', url: redactQuery(settings.url), last_etag: this.#sync.etag ?? null, last_error: this.#sync.lastError },
      reload_count: this.#reloadCount,
      last_sync_time: this.#sync.lastSyncTime,
      running: this.#sync.running,
    };
  }

  close(): void {
    this.#closed = true;
    this.#watcher?.close();
    clearTimeout(this.#watchTimer);
    clearTimeout(this.#syncTimer);
    this.#sync.running = false;
  }

  #readBase(): unknown {
    if (this.source === undefined) throw new ConfigError('config', [{ path: '/', message: 'the gateway was not started from a config file or launch flags, so there is nothing to re-read' }]);
    return this.source.read();
  }

  #compose(base: unknown, synced: unknown, overlay: unknown): unknown {
    return mergeConfig(mergeConfig(base, synced ?? {}), overlay ?? {});
  }

  async #apply(raw: unknown, reason: string): Promise<ReloadOutcome> {
    const config = this.target.resolve(raw, this.source?.name ?? 'config');
    const outcome = await this.target.apply(config);
    this.#reloadCount += 1;
    this.logger.info({ reason, config_version: outcome.version, restart_required: outcome.restartRequired }, 'config applied');
    return outcome;
  }

  #serialised<T>(run: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(run);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

/** The problems a failed change had, for logs and answers (a ConfigError's every issue). */
export function describe(err: unknown): string[] {
  if (err instanceof ConfigError) return err.issues.map((i) => `${i.path || '/'}: ${i.message}`);
  if (err !== null && typeof err === 'object' && Array.isArray(Reflect.get(err, 'issues'))) {
    const issues: unknown = Reflect.get(err, 'issues');
    if (Array.isArray(issues)) return issues.map((i: unknown) => (isJsonObject(i) ? `${String(i['path'])}: ${String(i['message'])}` : String(i)));
  }
  return [err instanceof Error ? err.message : String(err)];
}

/** A presigned URL's query carries a signature: never shown. */
function redactQuery(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : `${url.slice(0, at)}?<redacted>`;
}
