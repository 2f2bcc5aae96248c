import { isPlausibleFunctionName, MAX_FUNCTION_NAME_LENGTH } from '../function-name.js';
import type { StreamMachine } from '../machine-stream.js';
import { MarkerScanner } from '../marker-search.js';
import { ParameterArguments } from '../parameter-arguments.js';
import { PythonValueBoundary, pythonLiteralToJson } from '../python-literal.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';

const PYTHON_START = '<|python_start|>';
const PYTHON_END = '<|python_end|>';

type Mode = 'text' | 'list' | 'name' | 'before-paren' | 'arguments' | 'key' | 'before-equals' | 'value' | 'after-call';

function isIdentifierChar(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch === '_' || ch === '.' || ch === '-';
}

function isBlankChar(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t';
}

/**
 * `pythonic` (Llama 3.2/3.3/4, some fine-tunes): a Python list of calls with keyword arguments:
 * `[get_weather(city="Paris", days=3), get_time(zone='CET')]`, optionally inside
 * `<|python_start|>` … `<|python_end|>`. A call starts at `name(`; each keyword argument is sent
 * when its value ends. A `[` that does not open calls (`[1]`, `[link](url)`) stays text.
 */
class PythonicMachine implements StreamMachine {
  readonly #markers = new MarkerScanner();
  readonly #emitter: ToolCallEmitter;
  #mode: Mode = 'text';
  #held: string[] = [];
  #began = false;
  #giveBack = false;
  #name = '';
  #key = '';
  #value: string[] = [];
  #boundary = new PythonValueBoundary();
  #arguments: ParameterArguments | undefined;

  constructor(emitter: ToolCallEmitter) {
    this.#emitter = emitter;
  }

  step(input: string, from: number, final: boolean): number {
    let i = from;
    while (i < input.length) {
      const mode = this.#mode;
      const beganBefore = this.#began;
      const next = this.#stepMode(input, i, final);
      if (mode !== 'text' && !beganBefore) this.#held.push(input.slice(i, next));
      this.#flushGiveBack();
      const progressed = next !== i || this.#mode !== mode;
      i = next;
      if (!progressed) break;
    }
    return i;
  }

  end(): void {
    if (this.#mode === 'value') this.#endValue();
    if (this.#mode !== 'text') this.#stop(0);
    this.#flushGiveBack();
    this.#emitter.end();
  }

  #stepMode(input: string, from: number, final: boolean): number {
    const ch = input.charAt(from);
    switch (this.#mode) {
      case 'text': {
        const scan = this.#markers.region(input, from, ['[', PYTHON_START, PYTHON_END], final);
        this.#emitter.text(input.slice(from, scan.end));
        if (scan.hit === undefined) return scan.end;
        if (scan.hit.which > 0) return scan.hit.end;
        this.#held = [];
        this.#began = false;
        this.#mode = 'list';
        return scan.hit.end;
      }
      case 'list':
        if (isBlankChar(ch)) return from + 1;
        if (!isIdentifierChar(ch)) return this.#stop(from);
        this.#name = '';
        this.#mode = 'name';
        return from;
      case 'name': {
        let i = from;
        while (i < input.length && isIdentifierChar(input.charAt(i))) i += 1;
        this.#name += input.slice(from, i);
        if (this.#name.length > MAX_FUNCTION_NAME_LENGTH) return this.#stop(i);
        if (i < input.length) this.#mode = 'before-paren';
        return i;
      }
      case 'before-paren':
        if (isBlankChar(ch)) return from + 1;
        if (ch !== '(' || !isPlausibleFunctionName(this.#name)) return this.#stop(from);
        this.#began = true;
        this.#held = [];
        this.#arguments = new ParameterArguments(this.#emitter, this.#emitter.beginCall(this.#name), this.#name);
        this.#mode = 'arguments';
        return from + 1;
      case 'arguments':
        if (isBlankChar(ch) || ch === ',') return from + 1;
        if (ch === ')') {
          this.#endCall();
          this.#mode = 'after-call';
          return from + 1;
        }
        if (!isIdentifierChar(ch)) return this.#stop(from);
        this.#key = '';
        this.#mode = 'key';
        return from;
      case 'key': {
        let i = from;
        while (i < input.length && isIdentifierChar(input.charAt(i))) i += 1;
        this.#key += input.slice(from, i);
        if (this.#key.length > MAX_FUNCTION_NAME_LENGTH) return this.#stop(i);
        if (i < input.length) this.#mode = 'before-equals';
        return i;
      }
      case 'before-equals':
        if (isBlankChar(ch)) return from + 1;
        if (ch !== '=') return this.#stop(from);
        this.#value = [];
        this.#boundary = new PythonValueBoundary();
        this.#mode = 'value';
        return from + 1;
      case 'value': {
        const end = this.#boundary.find(input, from, input.length);
        if (end < 0) {
          this.#value.push(input.slice(from));
          return input.length;
        }
        this.#value.push(input.slice(from, end));
        this.#endValue();
        this.#mode = 'arguments';
        return end;
      }
      case 'after-call':
        if (isBlankChar(ch)) return from + 1;
        if (ch === ',') {
          this.#mode = 'list';
          return from + 1;
        }
        this.#mode = 'text';
        return ch === ']' ? from + 1 : from;
    }
  }

  #endValue(): void {
    const json = pythonLiteralToJson(this.#value.join(''));
    this.#value = [];
    if (json !== undefined) this.#arguments?.addJson(this.#key, json);
  }

  #endCall(): void {
    this.#arguments?.end();
    this.#arguments = undefined;
  }

  /** Not (or no longer) calls: before any call the text read goes back as text; after, reading stops here. */
  #stop(at: number): number {
    this.#giveBack = !this.#began;
    this.#endCall();
    this.#mode = 'text';
    return at;
  }

  #flushGiveBack(): void {
    if (!this.#giveBack) return;
    this.#giveBack = false;
    this.#emitter.text(`[${this.#held.join('')}`);
    this.#held = [];
  }
}

export function createPythonicMachine(emitter: ToolCallEmitter): StreamMachine {
  return new PythonicMachine(emitter);
}
