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
