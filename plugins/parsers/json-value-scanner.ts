/**
 * An incremental JSON value scanner: it takes one value's text in pieces, character by character,
 * never looks back, and knows at every point how much of what it read is a *safe* prefix — one that
 * a closing suffix turns into valid JSON. That is what lets a tool call's arguments stream as they
 * arrive while the final arguments are still guaranteed valid: the stream emits only safe prefixes,
 * and when the model stops early or writes something that is not JSON, the arguments are cut at
 * the last safe point and closed (`{"city": "Par` → `{"city": "Par"}`).
 *
 * Obvious slips are repaired on the way instead of rejected: raw control characters inside strings
 * are escaped, an invalid escape keeps its backslash literally, a trailing comma before `}` or `]` is
 * dropped, and Python's `True`/`False`/`None` become `true`/`false`/`null`.
 */

type Container = '{' | '[';
type State =
  | 'value'
  | 'array-first'
  | 'object-key'
  | 'after-key'
  | 'after-value'
  | 'string'
  | 'escape'
  | 'unicode'
  | 'number'
  | 'literal'
  | 'done'
  | 'error';
type NumberState = 'minus' | 'zero' | 'int' | 'dot' | 'frac' | 'exp-mark' | 'exp-sign' | 'exp';

export type JsonScanStatus = 'pending' | 'partial' | 'complete' | 'error';

const MAX_DEPTH = 512;
const LITERALS: Readonly<Record<string, readonly [string, string]>> = {
  t: ['true', 'true'],
  f: ['false', 'false'],
  n: ['null', 'null'],
  T: ['True', 'true'],
  F: ['False', 'false'],
  N: ['None', 'null'],
};
const SIMPLE_ESCAPES = '"\\/bfnrt';
const CONTROL_ESCAPES: Readonly<Record<number, string>> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function isHex(ch: string): boolean {
  return isDigit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

export function isJsonWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t';
}

function escapeControl(code: number): string {
  return CONTROL_ESCAPES[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
}

export class JsonValueScanner {
  #state: State = 'value';
  readonly #stack: Container[] = [];
  #isKey = false;
  #number: NumberState = 'int';
  #literal = '';
  #literalJson = '';
  #literalMatched = 0;
  #escape = '';
  /** A comma (and the whitespace after it) not written yet: dropped if a closer follows. */
  #pendingSeparator = '';
  #firstChar: string | undefined;

  // Output is append-only: emitted parts, then the text appended since the last takeDelta.
  readonly #emittedParts: string[] = [];
  #emittedLength = 0;
  #pending = '';
  #safeEnd = 0;
  #safeDepth = 0;
  #safeInString = false;

  get status(): JsonScanStatus {
    if (this.#state === 'done') return 'complete';
    if (this.#state === 'error') return 'error';
    if (this.#firstChar === undefined) return 'pending';
    return 'partial';
  }

  /** The first non-whitespace character of the value, once seen. */
  get firstChar(): string | undefined {
    return this.#firstChar;
  }

  /**
   * Reads text[from, to) until the value completes or turns invalid; returns where it stopped.
   * The character at the returned index was not consumed.
   */
  feed(text: string, from: number, to: number): number {
    let i = from;
    while (i < to) {
      const state = this.#state;
      if (state === 'done' || state === 'error') return i;
      if (state === 'string') {
        let j = i;
        while (j < to) {
          const code = text.charCodeAt(j);
          if (code === 34 || code === 92 || code < 32) break;
          j += 1;
        }
        if (j > i) {
          this.#write(text.slice(i, j));
          if (!this.#isKey) this.#markSafe(true);
          i = j;
          continue;
        }
        const code = text.charCodeAt(i);
        i += 1;
        if (code === 34) {
          this.#write('"');
          if (this.#isKey) this.#state = 'after-key';
          else this.#valueDone();
        } else if (code === 92) {
          this.#escape = '\\';
          this.#state = 'escape';
        } else {
          this.#write(escapeControl(code));
          if (!this.#isKey) this.#markSafe(true);
        }
        continue;
      }
      const ch = text.charAt(i);
      if (this.#step(ch)) i += 1;
    }
    return i;
  }

  /** The region holding the value ended: a number at the top level is complete now. */
  endOfInput(): void {
    if (this.#state === 'number' && this.#stack.length === 0 && this.#numberCanEnd()) this.#valueDone();
  }

  /** The safe text not handed out yet. */
  takeDelta(): string {
    const cut = this.#safeEnd - this.#emittedLength;
    if (cut <= 0) return '';
    const delta = this.#pending.slice(0, cut);
    this.#pending = this.#pending.slice(cut);
    this.#emittedParts.push(delta);
    this.#emittedLength += delta.length;
    return delta;
  }

  /** The whole value if complete; else the last safe prefix, closed; '' when nothing was safe. */
  finalText(): string {
    const emitted = this.#emittedParts.join('');
    if (this.#state === 'done') return emitted + this.#pending;
    if (this.#safeEnd === 0) return '';
    let closer = this.#safeInString ? '"' : '';
    for (let d = this.#safeDepth - 1; d >= 0; d -= 1) closer += this.#stack[d] === '{' ? '}' : ']';
    return emitted + this.#pending.slice(0, this.#safeEnd - this.#emittedLength) + closer;
  }

  /** Everything handed out by takeDelta so far. */
  get emittedLength(): number {
    return this.#emittedLength;
  }

  #write(text: string): void {
    this.#pending += text;
  }

  #markSafe(inString: boolean): void {
    this.#safeEnd = this.#emittedLength + this.#pending.length;
    this.#safeDepth = this.#stack.length;
    this.#safeInString = inString;
  }

  #valueDone(): void {
    this.#state = this.#stack.length === 0 ? 'done' : 'after-value';
    this.#markSafe(false);
  }

  #fail(): false {
    this.#state = 'error';
    return false;
  }

  /** Handles one character outside string runs; returns whether it was consumed. */
  #step(ch: string): boolean {
    switch (this.#state) {
      case 'value':
        return this.#startValue(ch);
      case 'array-first':
        if (isJsonWhitespace(ch)) {
          this.#write(ch);
          return true;
        }
        if (ch === ']') return this.#close(']');
        this.#state = 'value';
        return this.#startValue(ch);
      case 'object-key':
        if (isJsonWhitespace(ch)) {
          if (this.#pendingSeparator === '') this.#write(ch);
          else this.#pendingSeparator += ch;
          return true;
        }
        if (ch === '"') {
          this.#flushSeparator();
          this.#write('"');
          this.#isKey = true;
          this.#state = 'string';
          return true;
        }
        if (ch === '}') return this.#close('}');
        return this.#fail();
      case 'after-key':
        if (isJsonWhitespace(ch)) {
          this.#write(ch);
          return true;
        }
        if (ch !== ':') return this.#fail();
        this.#write(':');
        this.#state = 'value';
        return true;
      case 'after-value':
        if (isJsonWhitespace(ch)) {
          this.#write(ch);
          return true;
        }
        if (ch === ',') {
          this.#pendingSeparator = ',';
          this.#state = this.#stack[this.#stack.length - 1] === '{' ? 'object-key' : 'value';
          return true;
        }
        if (ch === '}' || ch === ']') return this.#close(ch);
        return this.#fail();
      case 'escape':
        return this.#stepEscape(ch);
      case 'unicode':
        if (isHex(ch)) {
          this.#escape += ch;
          if (this.#escape.length === 6) this.#endEscape(this.#escape);
          return true;
        }
        // A broken \u escape keeps its backslash literally; the character is read again.
        this.#endEscape(`\\${this.#escape}`);
        return false;
      case 'number':
        return this.#stepNumber(ch);
      case 'literal':
        if (ch !== this.#literal.charAt(this.#literalMatched)) return this.#fail();
        this.#literalMatched += 1;
        if (this.#literalMatched === this.#literal.length) {
          this.#write(this.#literalJson);
          this.#valueDone();
        }
        return true;
      default:
        return false;
    }
  }

  #startValue(ch: string): boolean {
    if (isJsonWhitespace(ch)) {
      if (this.#stack.length === 0) return true;
      if (this.#pendingSeparator === '') this.#write(ch);
      else this.#pendingSeparator += ch;
      return true;
    }
    if (ch === ']' && this.#pendingSeparator !== '') return this.#close(']');
    if (this.#firstChar === undefined) this.#firstChar = ch;
    if (ch === '{' || ch === '[') {
      if (this.#stack.length >= MAX_DEPTH) return this.#fail();
      this.#flushSeparator();
      this.#write(ch);
      this.#stack.push(ch);
      this.#state = ch === '{' ? 'object-key' : 'array-first';
      this.#markSafe(false);
      return true;
    }
    if (ch === '"') {
      this.#flushSeparator();
      this.#write('"');
      this.#isKey = false;
      this.#state = 'string';
      this.#markSafe(true);
      return true;
    }
    if (ch === '-' || isDigit(ch)) {
      this.#flushSeparator();
      this.#write(ch);
      this.#state = 'number';
      this.#number = ch === '-' ? 'minus' : ch === '0' ? 'zero' : 'int';
      if (ch !== '-') this.#markSafe(false);
      return true;
    }
    const literal = LITERALS[ch];
    if (literal !== undefined) {
      this.#flushSeparator();
      this.#literal = literal[0];
      this.#literalJson = literal[1];
      this.#literalMatched = 1;
      this.#state = 'literal';
      return true;
    }
    return this.#fail();
  }

  #flushSeparator(): void {
    if (this.#pendingSeparator !== '') {
      this.#write(this.#pendingSeparator);
      this.#pendingSeparator = '';
    }
  }

  #close(closer: '}' | ']'): boolean {
    const open = this.#stack[this.#stack.length - 1];
    if ((closer === '}' && open !== '{') || (closer === ']' && open !== '[')) return this.#fail();
    // A trailing comma before the closer is dropped (it was never written).
    this.#pendingSeparator = '';
    this.#stack.pop();
    this.#write(closer);
    this.#valueDone();
    return true;
  }

  #stepEscape(ch: string): boolean {
    if (ch === 'u') {
      this.#escape = '\\u';
      this.#state = 'unicode';
      return true;
    }
    if (SIMPLE_ESCAPES.includes(ch)) {
      this.#endEscape(`\\${ch}`);
      return true;
    }
    this.#endEscape('\\\\');
    return false;
  }

  #endEscape(text: string): void {
    this.#write(text);
    this.#escape = '';
    this.#state = 'string';
    if (!this.#isKey) this.#markSafe(true);
  }

  #numberCanEnd(): boolean {
    const n = this.#number;
    return n === 'zero' || n === 'int' || n === 'frac' || n === 'exp';
  }

  #stepNumber(ch: string): boolean {
    const n = this.#number;
    const digit = isDigit(ch);
    let next: NumberState | undefined;
    if (n === 'minus') next = digit ? (ch === '0' ? 'zero' : 'int') : undefined;
    else if (n === 'dot') next = digit ? 'frac' : undefined;
    else if (n === 'exp-mark') next = digit ? 'exp' : ch === '+' || ch === '-' ? 'exp-sign' : undefined;
    else if (n === 'exp-sign') next = digit ? 'exp' : undefined;
    else if (digit && n !== 'zero') next = n;
    else if (ch === '.' && (n === 'zero' || n === 'int')) next = 'dot';
    else if ((ch === 'e' || ch === 'E') && n !== 'exp') next = 'exp-mark';
    if (next === undefined) {
      if (!this.#numberCanEnd()) return this.#fail();
      this.#valueDone();
      return false;
    }
    this.#write(ch);
    this.#number = next;
    if (this.#numberCanEnd()) this.#markSafe(false);
    return true;
  }
}
