/**
 * Python literals (what pythonic tool calls use for argument values) read and turned into JSON:
 * strings in either quote, numbers, True/False/None, lists, tuples and dicts. Anything else
 * (names, expressions, calls) is not a literal and yields undefined.
 */

const MAX_DEPTH = 256;
// Sticky, so matching at a position never copies the rest of the text.
const NUMBER = /[+-]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

class LiteralReader {
  #i = 0;
  constructor(private readonly text: string) {}

  readAll(): unknown {
    const value = this.#value(0);
    this.#skipBlank();
    if (this.#i !== this.text.length) throw new Error('trailing text');
    return value;
  }

  #skipBlank(): void {
    while (this.#i < this.text.length && /\s/.test(this.text.charAt(this.#i))) this.#i += 1;
  }

  #value(depth: number): unknown {
    if (depth > MAX_DEPTH) throw new Error('too deep');
    this.#skipBlank();
    const ch = this.text.charAt(this.#i);
    if (ch === "'" || ch === '"') return this.#string(ch);
    if (ch === '[' || ch === '(') return this.#sequence(ch === '[' ? ']' : ')', depth);
    if (ch === '{') return this.#dict(depth);
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.#i, this.#i + 16))?.[0];
    if (word === 'True' || word === 'False' || word === 'None' || word === 'true' || word === 'false' || word === 'null') {
      this.#i += word.length;
      return word === 'True' || word === 'true' ? true : word === 'False' || word === 'false' ? false : null;
    }
    NUMBER.lastIndex = this.#i;
    const number = NUMBER.exec(this.text)?.[0];
    if (number !== undefined && number !== '') {
      this.#i += number.length;
      const parsed = Number(number.replace(/_/g, ''));
      if (!Number.isFinite(parsed)) throw new Error('not a finite number');
      return parsed;
    }
    throw new Error('not a literal');
  }

  #string(quote: string): string {
    this.#i += 1;
    let out = '';
    while (this.#i < this.text.length) {
      const ch = this.text.charAt(this.#i);
      this.#i += 1;
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const next = this.text.charAt(this.#i);
      this.#i += 1;
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) out += simple;
      else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = this.text.slice(this.#i, this.#i + length);
        const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === length ? Number.parseInt(hex, 16) : Number.NaN;
        if (Number.isNaN(code) || code > 0x10ffff) out += `\\${next}`;
        else {
          out += String.fromCodePoint(code);
          this.#i += length;
        }
      } else out += `\\${next}`;
    }
    throw new Error('unterminated string');
  }

  #sequence(close: string, depth: number): unknown[] {
    this.#i += 1;
    const items: unknown[] = [];
    for (;;) {
      this.#skipBlank();
      if (this.text.charAt(this.#i) === close) {
        this.#i += 1;
        return items;
      }
      items.push(this.#value(depth + 1));
      this.#skipBlank();
      const ch = this.text.charAt(this.#i);
      this.#i += 1;
      if (ch === close) return items;
      if (ch !== ',') throw new Error('expected , in sequence');
    }
  }

  #dict(depth: number): Record<string, unknown> {
    this.#i += 1;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.#skipBlank();
      if (this.text.charAt(this.#i) === '}') {
        this.#i += 1;
        return out;
      }
      const key = this.#value(depth + 1);
      if (typeof key !== 'string' && typeof key !== 'number') throw new Error('dict key');
      this.#skipBlank();
      if (this.text.charAt(this.#i) !== ':') throw new Error('expected :');
      this.#i += 1;
      Object.defineProperty(out, String(key), { value: this.#value(depth + 1), enumerable: true, writable: true, configurable: true });
      this.#skipBlank();
      const ch = this.text.charAt(this.#i);
      this.#i += 1;
      if (ch === '}') return out;
      if (ch !== ',') throw new Error('expected , in dict');
    }
  }
}

/** The JSON text of a Python literal, or undefined when the text is not one. */
export function pythonLiteralToJson(text: string): string | undefined {
  try {
    return JSON.stringify(new LiteralReader(text).readAll());
  } catch {
    return undefined;
  }
}

/**
 * Finds where one Python value ends in streamed text: at a `,` or a closing bracket outside any
 * string or bracket of its own. Feeding never looks back.
 */
export class PythonValueBoundary {
  #quote = '';
  #escaped = false;
  #depth = 0;

  /** Returns the index of the character ending the value in text[from, to), or -1 if it goes on. */
  find(text: string, from: number, to: number): number {
    for (let i = from; i < to; i += 1) {
      const ch = text.charAt(i);
      if (this.#quote !== '') {
        if (this.#escaped) this.#escaped = false;
        else if (ch === '\\') this.#escaped = true;
        else if (ch === this.#quote) this.#quote = '';
        continue;
      }
      if (ch === "'" || ch === '"') this.#quote = ch;
      else if (ch === '[' || ch === '(' || ch === '{') this.#depth += 1;
      else if (ch === ']' || ch === ')' || ch === '}') {
        if (this.#depth === 0) return i;
        this.#depth -= 1;
      } else if (ch === ',' && this.#depth === 0) return i;
    }
    return -1;
  }
}
