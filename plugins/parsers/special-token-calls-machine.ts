import { isPlausibleFunctionName } from './function-name.js';
import type { StreamMachine } from './machine-stream.js';
import { MarkerScanner } from './marker-search.js';
import { StreamedJsonArguments } from './streamed-json-arguments.js';
import type { ToolCallEmitter } from './tool-call-emitter.js';

export interface CallHeader {
  readonly name: string;
  readonly id?: string;
}

export interface SpecialTokenFormat {
  /** The optional section around the calls (text inside a section but outside calls is dropped). */
  readonly sectionBegin: string;
  readonly sectionEnd: string;
  readonly callBegin: string;
  readonly callEnd: string;
  /** The marker between a call's header and its JSON arguments; without one the header ends at `{`. */
  readonly headerEnd?: string;
  /** The function name (and id, when the format carries one) from the header text. */
  parseHeader(header: string): CallHeader | undefined;
}

type Mode = 'text' | 'section' | 'header' | 'arguments' | 'skip-call';

const MAX_HEADER_LENGTH = 512;

/**
 * Calls delimited by special tokens, with a header naming the function and JSON arguments:
 * DeepSeek V3/V3.1 (`<｜tool▁call▁begin｜>` … `<｜tool▁call▁end｜>`) and Kimi K2
 * (`<|tool_call_begin|>` … `<|tool_call_end|>`). A call begun without its section is accepted,
 * and a call that never ends is closed at the next call, the section end, or the end of the output.
 */
export class SpecialTokenCallsMachine implements StreamMachine {
  readonly #markers = new MarkerScanner();
  readonly #emitter: ToolCallEmitter;
  readonly #format: SpecialTokenFormat;
  #mode: Mode = 'text';
  #inSection = false;
  #header = '';
  #arguments: StreamedJsonArguments | undefined;

  constructor(emitter: ToolCallEmitter, format: SpecialTokenFormat) {
    this.#emitter = emitter;
    this.#format = format;
  }

  step(input: string, from: number, final: boolean): number {
    let i = from;
    while (i < input.length) {
      const mode = this.#mode;
      const next = this.#stepMode(input, i, final);
      const progressed = next !== i || this.#mode !== mode;
      i = next;
      if (!progressed) break;
    }
    return i;
  }

  end(): void {
    if (this.#mode === 'header') this.#beginFromHeader();
    this.#arguments?.end();
    this.#arguments = undefined;
    this.#emitter.end();
  }

  #stepMode(input: string, from: number, final: boolean): number {
    const f = this.#format;
    switch (this.#mode) {
      case 'text': {
        const scan = this.#markers.region(input, from, [f.sectionBegin, f.callBegin], final);
        this.#emitter.text(input.slice(from, scan.end));
        if (scan.hit === undefined) return scan.end;
        this.#inSection = scan.hit.which === 0;
        this.#enter(this.#inSection ? 'section' : 'header');
        return scan.hit.end;
      }
      case 'section': {
        const scan = this.#markers.region(input, from, [f.callBegin, f.sectionEnd], final);
        if (scan.hit === undefined) return scan.end;
        if (scan.hit.which === 1) this.#inSection = false;
        this.#enter(scan.hit.which === 0 ? 'header' : 'text');
        return scan.hit.end;
      }
      case 'header': {
        const markers = [f.callEnd, f.callBegin, f.sectionEnd, f.headerEnd ?? '{'];
        const scan = this.#markers.region(input, from, markers, final);
        this.#header += input.slice(from, scan.end);
        if (this.#header.length > MAX_HEADER_LENGTH) {
          this.#enter('skip-call');
          return scan.end;
        }
        if (scan.hit === undefined) return scan.end;
        const started = this.#beginFromHeader();
        if (scan.hit.which === 3) {
          // The header-end marker is consumed; a `{` belongs to the arguments.
          if (started) this.#enter('arguments');
          else this.#enter('skip-call');
          return f.headerEnd === undefined ? scan.hit.at : scan.hit.end;
        }
        return this.#endCall(scan.hit.which, scan.hit.end);
      }
      case 'arguments': {
        const scan = this.#markers.region(input, from, [f.callEnd, f.callBegin, f.sectionEnd], final);
        this.#arguments?.feed(input, from, scan.end);
        if (scan.hit === undefined) return scan.end;
        return this.#endCall(scan.hit.which, scan.hit.end);
      }
      case 'skip-call': {
        const scan = this.#markers.region(input, from, [f.callEnd, f.callBegin, f.sectionEnd], final);
        if (scan.hit === undefined) return scan.end;
        return this.#endCall(scan.hit.which, scan.hit.end);
      }
    }
  }

  #enter(mode: Mode): void {
    this.#mode = mode;
    if (mode === 'header') this.#header = '';
  }

  /** Starts the call the header names; false when the header names nothing usable. */
  #beginFromHeader(): boolean {
    const parsed = this.#format.parseHeader(this.#header);
    this.#header = '';
    if (parsed === undefined || !isPlausibleFunctionName(parsed.name)) return false;
    const index = this.#emitter.beginCall(parsed.name, parsed.id);
    this.#arguments = new StreamedJsonArguments(this.#emitter, index);
    return true;
  }

  /** Ends the current call at a marker: 0 = call end (consumed), 1 = next call, 2 = section end. */
  #endCall(which: number, end: number): number {
    this.#arguments?.end();
    this.#arguments = undefined;
    if (which === 0) this.#enter(this.#inSection ? 'section' : 'text');
    else if (which === 1) this.#enter('header');
    else {
      this.#inSection = false;
      this.#enter('text');
    }
    return end;
  }
}
