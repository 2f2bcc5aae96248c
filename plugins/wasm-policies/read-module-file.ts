import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * One answer for every way a file_path can be unacceptable (missing, outside the roots, a link
 * out, a directory, a FIFO or device, too big, not WASM), so registration is no oracle for what
 * exists on the gateway's disk. (Bytes already registered under another name are told apart: that
 * file was inside a root and readable, and the admin can list the registered modules anyway.)
 */
export class ModuleFileRefused extends Error {
  constructor() {
    super(
      'file_path was refused: it must name a regular .wasm file inside a module root (wasm.module_roots, --wasm-module-root), no larger than wasm.max_module_bytes; a relative path is read from the module roots, never from the gateway\'s working directory',
    );
    this.name = 'ModuleFileRefused';
  }
}

export interface ModuleFile {
  /** The resolved path (links followed). */
  readonly realPath: string;
  readonly bytes: Buffer;
}

/**
 * Resolves `filePath` (links followed) inside one of `roots` and reads it once. The file is opened
 * non-blocking, so a FIFO swapped in after the check cannot hang the gateway, and the opened
 * handle itself must be a regular file no larger than `maxBytes`.
 */
export async function readModuleFile(filePath: unknown, roots: readonly string[], maxBytes: number): Promise<ModuleFile> {
  if (typeof filePath !== 'string' || !filePath.endsWith('.wasm') || filePath.includes('\0')) throw new ModuleFileRefused();
  if (isAbsolute(filePath)) return readInsideRoots(filePath, roots, maxBytes);
  // A relative path names a file in a module root (the first root holding it), whatever directory
  // the gateway was started from; `..` out of the root is refused like any path outside.
  for (const root of roots) {
    try {
      return await readInsideRoots(resolve(root, filePath), roots, maxBytes);
    } catch (err) {
      if (!(err instanceof ModuleFileRefused)) throw err;
    }
  }
  throw new ModuleFileRefused();
}

async function readInsideRoots(filePath: string, roots: readonly string[], maxBytes: number): Promise<ModuleFile> {
  let realPath: string;
  try {
    realPath = await realpath(filePath);
  } catch {
    throw new ModuleFileRefused();
  }
  const resolvedRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => undefined)));
  if (!realPath.endsWith('.wasm') || !resolvedRoots.some((root) => root !== undefined && isInside(realPath, root))) throw new ModuleFileRefused();

  let handle;
  try {
    handle = await open(realPath, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch {
    throw new ModuleFileRefused();
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > maxBytes || stats.size < 8) throw new ModuleFileRefused();
    const bytes = Buffer.alloc(stats.size);
    const { bytesRead } = await handle.read(bytes, 0, stats.size, 0);
    if (bytesRead !== stats.size) throw new ModuleFileRefused();
    return { realPath, bytes };
  } finally {
    await handle.close();
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}
