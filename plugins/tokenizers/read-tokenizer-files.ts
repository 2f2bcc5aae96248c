import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { TokenizerFileRefused, TokenizerFormatError } from './tokenizer-errors.js';

/** What a tokenizer directory holds, parsed but not yet trusted (every JSON value is `unknown`). */
export interface TokenizerFiles {
  /** tokenizer.json, resolved (links followed). */
  readonly realPath: string;
  readonly tokenizerJson: unknown;
  /** tokenizer_config.json beside it, when there is one. */
  readonly tokenizerConfig: unknown;
  /** chat_template_path if given, else a chat_template.jinja beside tokenizer.json (newer hub repos). */
  readonly chatTemplateFile: string | undefined;
}

export interface ReadTokenizerFilesOptions {
  readonly roots: readonly string[];
  readonly maxFileBytes: number;
  readonly chatTemplatePath?: string | undefined;
}

/**
 * Reads a tokenizer from `source`: a tokenizer.json file or a directory holding one, inside one of
 * `roots` once links are resolved. Every way the path can be wrong gets the same answer.
 */
export async function readTokenizerFiles(source: string, options: ReadTokenizerFilesOptions): Promise<TokenizerFiles> {
  const roots = await resolveRoots(options.roots);
  let realPath = await resolveInside(source, roots, 'source');
  if ((await stat(realPath).catch(() => undefined))?.isDirectory() === true) {
    realPath = await resolveInside(join(realPath, 'tokenizer.json'), roots, 'source');
  }
  const tokenizerJson = parseJson(await readBoundedFile(realPath, options.maxFileBytes, 'source'), basename(realPath));

  const directory = dirname(realPath);
  const configText = await readOptionalSibling(join(directory, 'tokenizer_config.json'), roots, options.maxFileBytes);
  const tokenizerConfig = configText === undefined ? undefined : parseJson(configText, 'tokenizer_config.json');

  const chatTemplateFile =
    options.chatTemplatePath !== undefined
      ? await readChatTemplateFile(options.chatTemplatePath, options)
      : await readOptionalSibling(join(directory, 'chat_template.jinja'), roots, options.maxFileBytes);
  return { realPath, tokenizerJson, tokenizerConfig, chatTemplateFile };
}

/** A Jinja chat template file (SMG's chat_template_path), under the same rules as tokenizer files. */
export async function readChatTemplateFile(path: string, options: Omit<ReadTokenizerFilesOptions, 'chatTemplatePath'>): Promise<string> {
  const templatePath = await resolveInside(path, await resolveRoots(options.roots), 'chat_template_path');
  return readBoundedFile(templatePath, options.maxFileBytes, 'chat_template_path');
}

async function resolveRoots(roots: readonly string[]): Promise<string[]> {
  const resolved = await Promise.all(roots.map((root) => realpath(root).catch(() => undefined)));
  return resolved.filter((root): root is string => root !== undefined);
}

async function resolveInside(path: string, roots: readonly string[], what: string): Promise<string> {
  if (path === '' || path.includes('\0')) throw new TokenizerFileRefused(what);
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch {
    throw new TokenizerFileRefused(what);
  }
  if (!roots.some((root) => isInside(real, root))) throw new TokenizerFileRefused(what);
  return real;
}

/** A sibling that may be absent; present but unacceptable (a link out, a FIFO) is refused. */
async function readOptionalSibling(path: string, roots: readonly string[], maxBytes: number): Promise<string | undefined> {
  const exists = await stat(path).then(
    () => true,
    (err: unknown) => !(err instanceof Error && 'code' in err && err.code === 'ENOENT'),
  );
  if (!exists) return undefined;
  const what = basename(path);
  return readBoundedFile(await resolveInside(path, roots, what), maxBytes, what);
}

/**
 * Opened non-blocking and without following links, so a FIFO or link swapped in after the check
 * cannot hang the gateway or lead outside the roots; the handle itself must be a regular file.
 */
async function readBoundedFile(realPath: string, maxBytes: number, what: string): Promise<string> {
  let handle;
  try {
    handle = await open(realPath, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch {
    throw new TokenizerFileRefused(what);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > maxBytes) throw new TokenizerFileRefused(what);
    const bytes = Buffer.alloc(stats.size);
    const { bytesRead } = await handle.read(bytes, 0, stats.size, 0);
    if (bytesRead !== stats.size) throw new TokenizerFileRefused(what);
    return bytes.toString('utf8');
  } finally {
    await handle.close();
  }
}

function parseJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TokenizerFormatError(`${fileName} is not valid JSON`);
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
