import { isPlausibleFunctionName, MAX_FUNCTION_NAME_LENGTH } from '../function-name.js';
import { JsonCallList } from '../json-call-list.js';
import type { StreamMachine } from '../machine-stream.js';
import { MarkerScanner } from '../marker-search.js';
import { StreamedJsonArguments } from '../streamed-json-arguments.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';

const TOOL_CALLS = '[TOOL_CALLS]';
const ARGS = '[ARGS]';
const CALL_ID = '[CALL_ID]';

type Mode = 'text' | 'after-marker' | 'list' | 'name' | 'call-id' | 'arguments';

function isBlankChar(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t';
}

/**
 * `mistral`. Before tokenizer v11: `[TOOL_CALLS] [{"name": "get_weather", "arguments": {"city": "Paris"}}]`.
 * From v11 (Mistral Small 3.2, Devstral, Magistral): one `[TOOL_CALLS]` per call,
 * `[TOOL_CALLS]get_weather[ARGS]{"city": "Paris"}`, sometimes with `[CALL_ID]id` before `[ARGS]`.
 * There is no end marker: a call ends where its JSON arguments end.
 */
class MistralMachine implements StreamMachine {
  readonly #markers = new MarkerScanner();
  readonly #emitter: ToolCallEmitter;
  #mode: Mode = 'text';
  #held = '';
  #name = '';
  #callId = '';
  #list: JsonCallList | undefined;
  #arguments: StreamedJsonArguments | undefined;

  constructor(emitter: ToolCallEmitter) {
    this.#emitter = emitter;
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
    if (this.#mode === 'list' && this.#list !== undefined) {
      this.#list.end();
      this.#settleList();
    } else if (this.#mode === 'name' || this.#mode === 'call-id') {
      if (this.#mode === 'name' && isPlausibleFunctionName(this.#name)) this.#begin();
      else this.#giveBack();
    } else if (this.#mode === 'after-marker') {
      this.#giveBack();
    }
    this.#arguments?.end();
    this.#arguments = undefined;
    this.#emitter.end();
  }

  #stepMode(input: string, from: number, final: boolean): number {
    switch (this.#mode) {
      case 'text': {
        const scan = this.#markers.region(input, from, [TOOL_CALLS], final);
        this.#emitter.text(input.slice(from, scan.end));
        if (scan.hit === undefined) return scan.end;
        this.#held = TOOL_CALLS;
        this.#mode = 'after-marker';
        return scan.hit.end;
      }
      case 'after-marker': {
        let i = from;
        while (i < input.length && isBlankChar(input.charAt(i))) i += 1;
        this.#held += input.slice(from, i);
        if (i >= input.length) return i;
        const ch = input.charAt(i);
        if (ch === '[') {
          const rest = input.slice(i, i + TOOL_CALLS.length);
          if (rest === TOOL_CALLS) {
            // An empty marker: it stays text, and the next one is read afresh.
            this.#giveBack();
            return i;
          }
          if (!final && TOOL_CALLS.startsWith(rest)) return i;
          this.#list = new JsonCallList(this.#emitter);
          this.#mode = 'list';
        } else if (ch === '{') {
          this.#list = new JsonCallList(this.#emitter);
          this.#mode = 'list';
        } else {
          this.#name = '';
          this.#callId = '';
          this.#mode = 'name';
        }
        return i;
      }
      case 'list': {
        const list = this.#list;
        if (list === undefined) return from;
        const scan = this.#markers.region(input, from, [TOOL_CALLS], final);
        const stop = list.feed(input, from, scan.end);
        if (list.outcome === 'open' && scan.hit !== undefined) list.end();
        this.#settleList();
        return stop;
      }
      case 'name': {
        const scan = this.#markers.region(input, from, [ARGS, CALL_ID, '{', TOOL_CALLS], final);
        const part = input.slice(from, scan.end);
        this.#name += part;
        this.#held += part;
        if (this.#name.length > MAX_FUNCTION_NAME_LENGTH || /\s/.test(part)) {
          this.#giveBack();
          return scan.end;
        }
        if (scan.hit === undefined) return scan.end;
        if (scan.hit.which === 3 || !isPlausibleFunctionName(this.#name)) {
          this.#giveBack();
          return scan.end;
        }
        if (scan.hit.which === 1) {
          this.#held += CALL_ID;
          this.#mode = 'call-id';
          return scan.hit.end;
        }
        this.#begin();
        return scan.hit.which === 0 ? scan.hit.end : scan.hit.at;
      }
      case 'call-id': {
        const scan = this.#markers.region(input, from, [ARGS, '{', TOOL_CALLS], final);
        const part = input.slice(from, scan.end);
        this.#callId += part;
        this.#held += part;
        if (this.#callId.length > MAX_FUNCTION_NAME_LENGTH) {
          this.#giveBack();
          return scan.end;
        }
        if (scan.hit === undefined) return scan.end;
        if (scan.hit.which === 2) {
          this.#giveBack();
          return scan.end;
        }
        this.#begin();
        return scan.hit.which === 0 ? scan.hit.end : scan.hit.at;
      }
      case 'arguments': {
        const args = this.#arguments;
        const scan = this.#markers.region(input, from, [TOOL_CALLS], final);
        const stop = args === undefined ? scan.end : args.feed(input, from, scan.end);
        if (args !== undefined && args.open && scan.hit === undefined) return stop;
        args?.end();
        this.#arguments = undefined;
        this.#mode = 'text';
        return stop;
      }
    }
  }

  #begin(): void {
    const id = this.#callId.trim();
    const index = this.#emitter.beginCall(this.#name.trim(), id === '' ? undefined : id);
    this.#arguments = new StreamedJsonArguments(this.#emitter, index);
    this.#held = '';
    this.#mode = 'arguments';
  }

  #giveBack(): void {
    this.#emitter.text(this.#held);
    this.#held = '';
    this.#mode = 'text';
  }

  #settleList(): void {
    const list = this.#list;
    if (list === undefined || list.outcome === 'open') return;
    this.#list = undefined;
    if (list.outcome === 'failed') this.#emitter.text(this.#held + list.heldText);
    this.#held = '';
    this.#mode = 'text';
  }
}

export function createMistralMachine(emitter: ToolCallEmitter): StreamMachine {
  return new MistralMachine(emitter);
}
