import { isPlausibleFunctionName, MAX_FUNCTION_NAME_LENGTH } from '../function-name.js';
import type { StreamMachine } from '../machine-stream.js';
import { couldBecome, MarkerScanner } from '../marker-search.js';
import { ParameterArguments } from '../parameter-arguments.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';
const KEY_OPEN = '<arg_key>';
const KEY_CLOSE = '</arg_key>';
const VALUE_OPEN = '<arg_value>';
const VALUE_CLOSE = '</arg_value>';

type Mode = 'text' | 'name' | 'body' | 'key' | 'between' | 'value';

/**
 * `glm4_moe` (GLM-4.5, 4.6, 4.7): the name on the first line of the tag, then key/value pairs:
 * `<tool_call>get_weather\n<arg_key>city</arg_key>\n<arg_value>Paris</arg_value>\n</tool_call>`
 * (GLM-4.7 drops the newlines). Values are typed by the tool's schema, else read as JSON when they are.
 */
class Glm4MoeMachine implements StreamMachine {
  readonly #markers = new MarkerScanner();
  readonly #emitter: ToolCallEmitter;
  #mode: Mode = 'text';
  #name = '';
  #key = '';
  #value: string[] = [];
  #arguments: ParameterArguments | undefined;

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
    if (this.#mode === 'name') {
      if (isPlausibleFunctionName(this.#name.trim())) this.#begin();
      else this.#giveBack();
    }
    if (this.#mode === 'value') this.#endPair();
    this.#endCall();
    this.#emitter.end();
  }

  #stepMode(input: string, from: number, final: boolean): number {
    switch (this.#mode) {
      case 'text': {
        const scan = this.#markers.region(input, from, [OPEN], final);
        this.#emitter.text(input.slice(from, scan.end));
        if (scan.hit === undefined) return scan.end;
        this.#name = '';
        this.#mode = 'name';
        return scan.hit.end;
      }
      case 'name': {
        const scan = this.#markers.region(input, from, ['\n', KEY_OPEN, CLOSE, '<'], final);
        this.#name += input.slice(from, scan.end);
        if (this.#name.length > MAX_FUNCTION_NAME_LENGTH) {
          this.#giveBack();
          return scan.end;
        }
        if (scan.hit === undefined) return scan.end;
        // A leading newline is layout; any other `<` means this is not a call header.
        if (scan.hit.which === 0 && this.#name.trim() === '') return scan.hit.end;
        if (scan.hit.which === 3 && !final && (couldBecome(input, scan.hit.at, input.length, KEY_OPEN) || couldBecome(input, scan.hit.at, input.length, CLOSE))) {
          return scan.hit.at;
        }
        if (scan.hit.which === 3 || !isPlausibleFunctionName(this.#name.trim())) {
          this.#giveBack();
          return scan.hit.at;
        }
        this.#begin();
        return scan.hit.which === 0 ? scan.hit.end : scan.hit.at;
      }
      case 'body': {
        const scan = this.#markers.region(input, from, [KEY_OPEN, CLOSE, OPEN], final);
        if (scan.hit === undefined) return scan.end;
        if (scan.hit.which === 0) {
          this.#key = '';
          this.#mode = 'key';
          return scan.hit.end;
        }
        this.#endCall();
        this.#mode = 'text';
        return scan.hit.which === 1 ? scan.hit.end : scan.hit.at;
      }
      case 'key': {
        const scan = this.#markers.region(input, from, [KEY_CLOSE, VALUE_OPEN, CLOSE], final);
        this.#key += input.slice(from, scan.end);
        if (this.#key.length > MAX_FUNCTION_NAME_LENGTH) {
          this.#mode = 'body';
          return scan.end;
        }
        if (scan.hit === undefined) return scan.end;
        if (scan.hit.which === 2) {
          this.#mode = 'body';
          return scan.hit.at;
        }
        this.#mode = scan.hit.which === 0 ? 'between' : 'value';
        this.#value = [];
        return scan.hit.end;
      }
      case 'between': {
        const scan = this.#markers.region(input, from, [VALUE_OPEN, KEY_OPEN, CLOSE], final);
        if (scan.hit === undefined) return scan.end;
        if (scan.hit.which === 0) {
          this.#value = [];
          this.#mode = 'value';
          return scan.hit.end;
        }
        this.#mode = 'body';
        return scan.hit.at;
      }
      case 'value': {
        const scan = this.#markers.region(input, from, [VALUE_CLOSE, KEY_OPEN, CLOSE, OPEN], final);
        this.#value.push(input.slice(from, scan.end));
        if (scan.hit === undefined) return scan.end;
        this.#endPair();
        this.#mode = 'body';
        return scan.hit.which === 0 ? scan.hit.end : scan.hit.at;
      }
    }
  }

  #begin(): void {
    const name = this.#name.trim();
    this.#arguments = new ParameterArguments(this.#emitter, this.#emitter.beginCall(name), name);
    this.#mode = 'body';
  }

  #giveBack(): void {
    this.#emitter.text(OPEN + this.#name);
    this.#name = '';
    this.#mode = 'text';
  }

  #endPair(): void {
    this.#arguments?.add(this.#key, this.#value.join(''));
    this.#value = [];
  }

  #endCall(): void {
    this.#arguments?.end();
    this.#arguments = undefined;
  }
}

export function createGlm4MoeMachine(emitter: ToolCallEmitter): StreamMachine {
  return new Glm4MoeMachine(emitter);
}
