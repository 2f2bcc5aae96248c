import type { StateDirectory } from '../../core/state/state-directory.js';

/** The shared settings file: replicated like any registry when the ha backend is on. */
export const SETTINGS_STATE_FILE = 'ha-settings.json';

const MAX_VALUE_BYTES = 4096;

/**
 * Key/value settings every replica reads (`/ha/config`), e.g. `maintenance: true`. Kept in the
 * state directory (in memory without one), so with the ha backend on they reach every replica the
 * way the registries do, and survive a restart.
 */
export class SharedSettings {
  #values = new Map<string, unknown>();
  #stopChanges: (() => void) | undefined;

  private constructor(private readonly state: StateDirectory | undefined) {}

  static async open(state: StateDirectory | undefined): Promise<SharedSettings> {
    const settings = new SharedSettings(state);
    settings.#replace(state === undefined ? undefined : await state.readJson(SETTINGS_STATE_FILE));
    settings.#stopChanges = state?.onChange(SETTINGS_STATE_FILE, (saved) => Promise.resolve(settings.#replace(saved)));
    return settings;
  }

  get(key: string): unknown {
    return this.#values.get(key);
  }

  entries(): Record<string, unknown> {
    return Object.fromEntries([...this.#values].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Sets (or, with null, removes) one setting; false when the value is too large to share. */
  async set(key: string, value: unknown): Promise<boolean> {
    if (JSON.stringify(value).length > MAX_VALUE_BYTES) return false;
    const next = new Map(this.#values);
    if (value === null) next.delete(key);
    else next.set(key, value);
    this.#values = next;
    await this.state?.writeJson(SETTINGS_STATE_FILE, Object.fromEntries(next));
    return true;
  }

  close(): void {
    this.#stopChanges?.();
  }

  #replace(saved: unknown): void {
    if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) return;
    const next = new Map<string, unknown>();
    for (const [key, value] of Object.entries(saved)) if (/^[a-z][a-z0-9_.-]{0,63}$/.test(key)) next.set(key, value);
    this.#values = next;
  }
}
