/**
 * Calls `onMatch` for every position at or after `from` where the global regex `re` matches, trying
 * the next position after each match (not after its end) so results stay position-local: the matches
 * found in a window are the matches the whole text has there.
 */
export function forEachMatch(re: RegExp, text: string, from: number, onMatch: (match: RegExpExecArray) => void): void {
  re.lastIndex = from;
  for (;;) {
    const match = re.exec(text);
    if (match === null) return;
    onMatch(match);
    re.lastIndex = match.index + 1;
  }
}

/** A set of ASCII characters as a lookup table (non-ASCII characters are never members). */
export type CharSet = Uint8Array;

export function createCharSet(pattern: RegExp): CharSet {
  const set = new Uint8Array(128);
  for (let code = 0; code < 128; code++) if (pattern.test(String.fromCharCode(code))) set[code] = 1;
  return set;
}

function has(set: CharSet, text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code < 128 && set[code] === 1;
}

/**
 * Calls `onStart` for every index at or after `from` where a maximal run of `run` characters of at least
 * `minLength` begins, unless the character before it is in `blockedAfter` (a lookbehind). A run that
 * began before `from` has no start here.
 */
export function forEachRunStart(text: string, from: number, run: CharSet, blockedAfter: CharSet, minLength: number, onStart: (start: number) => void): void {
  let i = from;
  if (i > 0 && has(run, text, i - 1)) while (i < text.length && has(run, text, i)) i++;
  while (i < text.length) {
    if (!has(run, text, i)) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && has(run, text, i)) i++;
    if (i - start >= minLength && (start === 0 || !has(blockedAfter, text, start - 1))) onStart(start);
  }
}
