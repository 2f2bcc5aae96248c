import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Where the control plane keeps what it registers (workers, modules, keys …) across restarts.
 * Every write goes to a temp file that is fsynced and renamed over the target, so a crash leaves
 * either the old file or the new one, never half of one.
 */
export class StateDirectory {
  readonly path: string;

  private constructor(path: string) {
    this.path = path;
  }

  static async open(path: string): Promise<StateDirectory> {
    const absolute = resolve(path);
    await mkdir(absolute, { recursive: true, mode: 0o700 });
    return new StateDirectory(absolute);
  }

  async writeJson(name: string, value: unknown): Promise<void> {
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
