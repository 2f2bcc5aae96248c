/** Object keys and array positions from the root down to a value. */
export type JsonPath = readonly (string | number)[];

export interface JsonSpan {
  readonly start: number;
  readonly end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Where the value at `path` is written in `text`, which must be valid JSON (it has been through
 * JSON.parse), so a caller can replace that value and keep every other character as it was.
 * A duplicated key resolves to its last occurrence, as JSON.parse does. Linear in `text`.
 */
export function locateJsonValue(text: string, path: JsonPath): JsonSpan | undefined {
  let pos = skipWhitespace(text, 0);
  for (const step of path) {
    const found = typeof step === 'number' ? findElement(text, pos, step) : findMember(text, pos, step);
    if (found === undefined) return undefined;
    pos = found;
  }
  if (pos >= text.length) return undefined;
  return { start: pos, end: skipValue(text, pos) };
}

/**
 * The span to cut so that the member `key` of the object at `objectPath` is gone and the JSON stays
 * valid: the member with its following comma, or (when it is the last one) the comma before it.
 * The occurrence JSON.parse reads (the last) is the one found.
 */
export function locateJsonMember(text: string, objectPath: JsonPath, key: string): JsonSpan | undefined {
  const object = locateJsonValue(text, objectPath);
  if (object === undefined || text[object.start] !== '{') return undefined;
  let i = skipWhitespace(text, object.start + 1);
  if (text[i] === '}') return undefined;
  let previousValueEnd: number | undefined;
  let found: JsonSpan | undefined;
  for (;;) {
    const keyStart = i;
    const keyEnd = skipString(text, i);
    const valueStart = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
    const valueEnd = skipValue(text, valueStart);
    const after = skipWhitespace(text, valueEnd);
    if (readKey(text, keyStart, keyEnd) === key) {
      if (text[after] === ',') found = { start: keyStart, end: skipWhitespace(text, after + 1) };
      else found = { start: previousValueEnd ?? keyStart, end: valueEnd };
    }
    if (text[after] !== ',') return found;
    previousValueEnd = valueEnd;
    i = skipWhitespace(text, after + 1);
  }
}

function findMember(text: string, pos: number, key: string): number | undefined {
  if (text[pos] !== '{') return undefined;
  let i = skipWhitespace(text, pos + 1);
  if (text[i] === '}') return undefined;
  let found: number | undefined;
  for (;;) {
    const keyEnd = skipString(text, i);
    const name = readKey(text, i, keyEnd);
    i = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
    if (name === key) found = i;
    i = skipWhitespace(text, skipValue(text, i));
    if (text[i] !== ',') return found;
    i = skipWhitespace(text, i + 1);
  }
}

function findElement(text: string, pos: number, index: number): number | undefined {
  if (text[pos] !== '[') return undefined;
  let i = skipWhitespace(text, pos + 1);
  if (text[i] === ']') return undefined;
  for (let k = 0; ; k += 1) {
    if (k === index) return i;
    i = skipWhitespace(text, skipValue(text, i));
    if (text[i] !== ',') return undefined;
    i = skipWhitespace(text, i + 1);
  }
}

/** The index just past the value starting at `i`. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j += 1) {
      const ch = text[j];
      if (ch === '"') j = skipString(text, j) - 1;
      else if (ch === '{' || ch === '[') depth += 1;
      else if (ch === '}' || ch === ']') {
        depth -= 1;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  let j = i;
  while (j < text.length && !isValueEnd(text[j])) j += 1;
  return j;
}

function isValueEnd(ch: string | undefined): boolean {
  return ch === ',' || ch === '}' || ch === ']' || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** `i` at an opening quote: the index just past its closing quote. */
function skipString(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

function readKey(text: string, start: number, end: number): string | undefined {
  if (text.charCodeAt(start) !== QUOTE) return undefined;
  const raw = text.slice(start + 1, end - 1);
  if (!raw.includes('\\')) return raw;
  const decoded: unknown = JSON.parse(text.slice(start, end));
  return typeof decoded === 'string' ? decoded : undefined;
}

function skipWhitespace(text: string, i: number): number {
  let j = i;
  for (;;) {
    const ch = text[j];
    if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') return j;
    j += 1;
  }
}
