import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Where the control plane keeps what it registers (workers, modules, keys …) across restarts.
 * Every write goes to a temp file that is fsynced and renamed over the target, so a crash leaves
 * either the old file or the new one, never half of one.
 */
/** Told of every file a store writes (as the write begins), e.g. to copy it to other replicas. */
export type StateWriteListener = (name: string, value: unknown) => void;
/** How a store takes a file written elsewhere (another replica) without writing it back. */
export type StateChangeApplier = (value: unknown) => Promise<void>;

export class StateDirectory {
  readonly path: string;
  readonly #writeListeners = new Set<StateWriteListener>();
  readonly #appliers = new Map<string, StateChangeApplier>();

  private constructor(path: string) {
    this.path = path;
  }

  static async open(path: string): Promise<StateDirectory> {
    const absolute = resolve(path);
    await mkdir(absolute, { recursive: true, mode: 0o700 });
    return new StateDirectory(absolute);
  }

  async writeJson(name: string, value: unknown): Promise<void> {
    // Listeners hear of the write as it begins: a replicator must know that this content is on its
    // way before it hands the store a change made elsewhere, or the two would cross unmerged.
    for (const listener of this.#writeListeners) listener(name, value);
    await this.#writeQuietly(name, value);
  }

  /**
   * Replication seam: a listener hears every write a store makes. Kept here so a store persists
   * one way whether it runs alone or as one of several replicas; the kernel names no replicator.
   */
  onWrite(listener: StateWriteListener): () => void {
    this.#writeListeners.add(listener);
    return () => this.#writeListeners.delete(listener);
  }

  /** A store that can take its file as written elsewhere registers how (the latest store of a file wins). */
  onChange(name: string, apply: StateChangeApplier): () => void {
    this.#file(name);
    this.#appliers.set(name, apply);
    return () => {
      if (this.#appliers.get(name) === apply) this.#appliers.delete(name);
    };
  }

  /** Files some store can take live from elsewhere. */
  get replicable(): readonly string[] {
    return [...this.#appliers.keys()].sort();
  }

  /**
   * A file as another replica wrote it: stored here (without telling the write listeners, which
   * would echo it back) and handed to the store that reads it, when one registered.
   */
  async applyChange(name: string, value: unknown): Promise<void> {
    // The store first, in the caller's tick: a replicator decides to apply only while no local write
    // of this file is under way, and that must still hold when the store takes the change.
    await this.#appliers.get(name)?.(value);
    await this.#writeQuietly(name, value);
  }

  /** The names of the files stored so far. */
  async names(): Promise<string[]> {
    const entries = await readdir(this.path);
    return entries.filter((entry) => /^[a-z0-9][a-z0-9._-]*\.json$/.test(entry)).sort();
  }

  async #writeQuietly(name: string, value: unknown): Promise<void> {
    const target = this.#file(name);
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  /** The stored value, or undefined when nothing was ever written under that name. */
  async readJson(name: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(this.#file(name), 'utf8')) as unknown;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  #file(name: string): string {
    // Names are chosen by code, never by a request; still refuse anything that is not a plain name.
    if (!/^[a-z0-9][a-z0-9._-]*\.json$/.test(name) || basename(name) !== name) {
      throw new Error(`Invalid state file name "${name}".`);
    }
    return join(this.path, name);
  }
}
