import type { StateDirectory } from '../state/state-directory.js';
import { digestKey, digestsEqual } from './key-digest.js';
import { storedFormOf, type KeyRecord } from './key-record.js';
import type { StoredKeyReader } from './read-stored-key.js';

/** Where API-managed keys persist (digests only); replicas share it under the same name. */
export const KEYS_STATE_FILE = 'api-keys.json';
const STATE_FILE = KEYS_STATE_FILE;
const digestBytes = new WeakMap<KeyRecord, Buffer>();

/**
 * Every API key the gateway accepts: those from config (read-only here) and those created through
 * the admin API (persisted in the state directory as digests). Lookups go by digest: a Map lookup
 * on the hex digest can only leak digest bits, which do not help forge a key, and the final check
 * is a constant-time compare of the two 32-byte digests.
 */
export class KeyStore {
  #byDigest = new Map<string, KeyRecord>();
  #byId = new Map<string, KeyRecord>();
  #dataPlaneKeys = 0;

  private constructor(
    private readonly state: StateDirectory | undefined,
    configured: readonly KeyRecord[],
  ) {
    for (const record of configured) this.#add(record);
  }

  /**
   * Config keys, then the API-managed keys saved in the state directory, each checked by `read`;
   * one that fails is skipped and reported through `onSkipped` (never its secret or digest).
   */
  static async open(configured: readonly KeyRecord[], state: StateDirectory | undefined, read: StoredKeyReader, onSkipped: (index: number, problem: string) => void = () => undefined): Promise<KeyStore> {
    const store = new KeyStore(state, configured);
    store.#addSaved(state === undefined ? undefined : await state.readJson(STATE_FILE), read, onSkipped);
    return store;
  }

  /**
   * The API-managed keys replaced by a saved list written elsewhere (another replica), in one
   * step: a key revoked there stops working here at once. Config keys stay as they are.
   */
  replaceSaved(saved: unknown, read: StoredKeyReader, onSkipped: (index: number, problem: string) => void = () => undefined): void {
    const next = new KeyStore(this.state, []);
    for (const record of this.#byId.values()) if (record.source === 'config') next.#add(record);
    next.#addSaved(saved, read, onSkipped);
    this.#byId = next.#byId;
    this.#byDigest = next.#byDigest;
    this.#dataPlaneKeys = next.#dataPlaneKeys;
  }

  #addSaved(saved: unknown, read: StoredKeyReader, onSkipped: (index: number, problem: string) => void): void {
    if (saved !== undefined && !Array.isArray(saved)) onSkipped(-1, `${STATE_FILE} is not a list of keys`);
    if (!Array.isArray(saved)) return;
    saved.forEach((value: unknown, index) => {
      const read_ = read(value);
      if ('problem' in read_) return onSkipped(index, read_.problem);
      // A config key with the same id (or secret) wins: config is the operator's word.
      if (this.#byId.has(read_.record.id) || this.#byDigest.has(read_.record.digest)) return onSkipped(index, `duplicates key "${read_.record.id}"`);
      this.#add(Object.freeze(read_.record));
    });
  }

  /**
   * Config keys replaced by a reloaded config's, in one step: API-managed keys stay; a config key
   * now gone stops working at once. A clash (same id or secret as an API key) refuses the whole set.
   */
  replaceConfigured(configured: readonly KeyRecord[]): void {
    const kept = [...this.#byId.values()].filter((r) => r.source !== 'config');
    const next = new KeyStore(this.state, []);
    for (const record of kept) next.#add(record);
    for (const record of configured) next.#add(Object.freeze(record));
    this.#byId = next.#byId;
    this.#byDigest = next.#byDigest;
    this.#dataPlaneKeys = next.#dataPlaneKeys;
  }

  /** Would `configured` replace the config keys without clashing? Throws what it would refuse. */
  checkConfigured(configured: readonly KeyRecord[]): void {
    const trial = new KeyStore(this.state, []);
    for (const record of [...this.#byId.values()].filter((r) => r.source !== 'config')) trial.#add(record);
    for (const record of configured) trial.#add(record);
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Keys that open the data plane; kept current on every change so requests need not count. */
  get dataPlaneKeyCount(): number {
    return this.#dataPlaneKeys;
  }

  /** The enabled, unexpired key matching a presented secret. */
  match(secret: string, now = Date.now()): KeyRecord | undefined {
    const digest = digestKey(secret);
    const record = this.#byDigest.get(digest.toString('hex'));
    if (record === undefined || !digestsEqual(digest, this.#digestBytes(record))) return undefined;
    if (!record.enabled) return undefined;
    if (record.expires_at !== undefined && Date.parse(record.expires_at) <= now) return undefined;
    return record;
  }

  /** A record's digest as bytes, decoded once per record (records are frozen and replaced, not changed). */
  #digestBytes(record: KeyRecord): Buffer {
    let bytes = digestBytes.get(record);
    if (bytes === undefined) {
      bytes = Buffer.from(record.digest, 'hex');
      if (Object.isFrozen(record)) digestBytes.set(record, bytes);
    }
    return bytes;
  }

  get(id: string): KeyRecord | undefined {
    return this.#byId.get(id);
  }

  list(): KeyRecord[] {
    return [...this.#byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Adds or replaces an API-managed key and persists the API-managed set. */
  async put(record: KeyRecord): Promise<void> {
    const previous = this.#byId.get(record.id);
    if (previous !== undefined) this.#forget(previous);
    this.#add(Object.freeze(record));
    await this.#persist();
  }

  async remove(id: string): Promise<boolean> {
    const record = this.#byId.get(id);
    if (record === undefined) return false;
    this.#forget(record);
    await this.#persist();
    return true;
  }

  #forget(record: KeyRecord): void {
    this.#byId.delete(record.id);
    this.#byDigest.delete(record.digest);
    if (!record.controlPlane) this.#dataPlaneKeys -= 1;
  }

  #add(record: KeyRecord): void {
    if (this.#byId.has(record.id)) throw new Error(`Duplicate API key id "${record.id}".`);
    if (this.#byDigest.has(record.digest)) throw new Error(`API key "${record.id}" has the same secret as another key.`);
    this.#byId.set(record.id, record);
    this.#byDigest.set(record.digest, record);
    if (!record.controlPlane) this.#dataPlaneKeys += 1;
  }

  async #persist(): Promise<void> {
    await this.state?.writeJson(STATE_FILE, this.list().filter((r) => r.source === 'api').map(storedFormOf));
  }
}
