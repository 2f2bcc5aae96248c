import type { Logger } from 'pino';
import type { StateDirectory } from './state-directory.js';

/** How log lines name what a saved list holds: `{ one: 'worker', many: 'workers' }`. */
export interface SavedListNames {
  readonly one: string;
  readonly many: string;
}

/**
 * A list a plugin saved in the state directory, each entry checked by `isEntry` before it is given
 * back: a file edited by hand (or by another version) never smuggles in a malformed registration.
 * What is not a list, or an entry that fails the check, is skipped with a warning; no state
 * directory, or nothing saved yet, is an empty list.
 */
export async function readSavedList<T>(state: StateDirectory | undefined, file: string, isEntry: (value: unknown) => value is T, logger: Logger, names: SavedListNames): Promise<T[]> {
  const saved = state === undefined ? undefined : await state.readJson(file);
  if (saved === undefined) return [];
  if (!Array.isArray(saved)) {
    logger.warn({ file }, `saved ${names.many} are not a list; none restored`);
    return [];
  }
  const entries: T[] = [];
  for (const [index, entry] of saved.entries()) {
    if (isEntry(entry)) entries.push(entry);
    else logger.warn({ file, index }, `a saved ${names.one} is malformed; not restored`);
  }
  return entries;
}
