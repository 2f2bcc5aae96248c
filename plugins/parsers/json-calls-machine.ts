import { JsonCallList } from './json-call-list.js';
import { MarkerScanner } from './marker-search.js';
import type { StreamMachine } from './machine-stream.js';
import type { ToolCallEmitter } from './tool-call-emitter.js';

export interface JsonCallsFormat {
  /** Markers that announce calls and are not part of the text (llama's `<|python_tag|>`). */
  readonly announcers: readonly string[];
  /**
   * Where a bare `{` or `[` may start calls: `anywhere` in the text, or only `at-boundary` — at the
   * start of the output (after whitespace) or right after a call.
   */
  readonly bareCalls: 'anywhere' | 'at-boundary';
  /** Characters dropped between consecutive calls (llama writes `{…}; {…}`). */
  readonly separators: string;
}

function isBlankChar(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t';
}

/**
 * Calls written as bare JSON objects (or arrays of them) inside normal text, optionally announced
 * by a marker: the json and llama3 formats.
 */
export class JsonCallsMachine implements StreamMachine {
  readonly #markers = new MarkerScanner();
  readonly #emitter: ToolCallEmitter;
  readonly #format: JsonCallsFormat;
  #list: JsonCallList | undefined;
  #announcer = '';
  #atBoundary = true;
  #afterCall = false;

  constructor(emitter: ToolCallEmitter, format: JsonCallsFormat) {
    this.#emitter = emitter;
    this.#format = format;
  }

  step(input: string, from: number, final: boolean): number {
    let i = from;
    while (i < input.length) {
      const list = this.#list;
      const next = list === undefined ? this.#stepText(input, i, final) : this.#stepList(input, i);
      const progressed = next !== i || this.#list !== list;
      i = next;
      if (!progressed) break;
    }
    return i;
  }

  end(): void {
    if (this.#list !== undefined) {
      this.#list.end();
      this.#settleList();
    }
    this.#emitter.end();
  }

  #stepText(input: string, from: number, final: boolean): number {
    let i = from;
    if (this.#atBoundary) {
      while (i < input.length) {
        const ch = input.charAt(i);
        if (isBlankChar(ch)) this.#emitter.text(ch);
        else if (!(this.#afterCall && this.#format.separators.includes(ch))) break;
        i += 1;
      }
      if (i >= input.length) return i;
      const ch = input.charAt(i);
      if (ch === '{' || ch === '[') return this.#openList(i, '');
      if (this.#format.bareCalls === 'at-boundary') this.#atBoundary = false;
      this.#afterCall = false;
    }
    const announcers = this.#format.announcers;
    const markers = this.#format.bareCalls === 'anywhere' ? [...announcers, '{', '['] : announcers;
    const scan = this.#markers.region(input, i, markers, final);
    this.#emitter.text(input.slice(i, scan.end));
    if (scan.hit === undefined) return scan.end;
    if (scan.hit.which >= announcers.length) return this.#openList(scan.hit.at, '');
    return this.#openList(scan.hit.end, announcers[scan.hit.which] ?? '');
  }

  #openList(at: number, announcer: string): number {
    this.#list = new JsonCallList(this.#emitter);
    this.#announcer = announcer;
    return at;
  }

  #stepList(input: string, from: number): number {
    const list = this.#list;
    if (list === undefined) return from;
    const stop = list.feed(input, from, input.length);
    this.#settleList();
    return stop;
  }

  #settleList(): void {
    const list = this.#list;
    if (list === undefined || list.outcome === 'open') return;
    this.#list = undefined;
    if (list.outcome === 'done') {
      this.#atBoundary = true;
      this.#afterCall = true;
      return;
    }
    this.#emitter.text(this.#announcer + list.heldText);
    this.#atBoundary = false;
    this.#afterCall = false;
  }
}
