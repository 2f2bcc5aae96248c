/**
 * A `$`-anchored regex describing every prefix of a recognizer's match (plus its lookahead), used by
 * the stream redactor to hold back only a tail that could still become an entity. It may
 * over-approximate (hold a little more) but must never miss a real prefix.
 */
export interface TailPattern {
  readonly re: RegExp;
  /** The longest tail it can match; the search starts no earlier than this far from the end. */
  readonly maxLength: number;
  /** When every character of a tail belongs to this class, the search starts at the trailing run of them. */
  readonly alphabet?: RegExp;
}

export function createTailPattern(source: string, flags: string, maxLength: number, alphabet?: RegExp): TailPattern {
  const re = new RegExp(`(?:${source})$`, `g${flags}`);
  return alphabet === undefined ? { re, maxLength } : { re, maxLength, alphabet };
}

/** Where the trailing run of `alphabet` characters begins, looking back no further than `limit`. */
function trailingRunStart(text: string, alphabet: RegExp, limit: number): number {
  let start = text.length;
  while (start > limit && alphabet.test(text[start - 1] ?? '')) start--;
  return start;
}

/** The earliest start of a tail at or after `from` for which `accept` holds, or -1. */
export function findTailStart(tail: TailPattern, text: string, from: number, accept: (anchor: number) => boolean): number {
  const re = tail.re;
  // Every character of a tail is in the alphabet, the last one too: most prose ends outside it.
  if (tail.alphabet !== undefined && (text.length === from || !tail.alphabet.test(text[text.length - 1] ?? ''))) return -1;
  const earliest = Math.max(from, text.length - tail.maxLength);
  re.lastIndex = tail.alphabet === undefined ? earliest : trailingRunStart(text, tail.alphabet, earliest);
  for (;;) {
    const match = re.exec(text);
    if (match === null || match.index >= text.length) return -1;
    if (accept(match.index)) return match.index;
    re.lastIndex = match.index + 1;
  }
}

function escapeChar(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}

interface TrieNode {
  readonly children: Map<string, TrieNode>;
}

function trieSource(node: TrieNode): string {
  const branches = [...node.children].map(([char, child]) =>
    child.children.size === 0 ? escapeChar(char) : `${escapeChar(char)}(?:${trieSource(child)})?`,
  );
  return branches.length === 1 ? (branches[0] ?? '') : `(?:${branches.join('|')})`;
}

/** Regex source matching any non-empty prefix (the whole word included) of any of `words`. */
export function literalPrefixSource(words: readonly string[]): string {
  const root: TrieNode = { children: new Map() };
  for (const word of words) {
    let node = root;
    for (const char of word) {
      let next = node.children.get(char);
      if (next === undefined) {
        next = { children: new Map() };
        node.children.set(char, next);
      }
      node = next;
    }
  }
  return trieSource(root);
}

/** Regex source for one literal, escaped. */
export function escapeLiteral(text: string): string {
  return [...text].map(escapeChar).join('');
}
