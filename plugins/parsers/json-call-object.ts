import { isPlausibleFunctionName } from './function-name.js';
import { isJsonWhitespace, JsonValueScanner } from './json-value-scanner.js';
import type { ToolCallEmitter } from './tool-call-emitter.js';

type State = 'open' | 'key' | 'key-string' | 'after-key' | 'value' | 'after-value' | 'done' | 'failed';
type ValueRole = 'name' | 'arguments' | 'other';

export type CallObjectOutcome = 'open' | 'done' | 'failed';

function parseJsonString(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function isJsonObjectText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * One call written as a JSON object — `{"name": "f", "arguments": {...}}` (or `parameters`) — the
 * body of the json, llama3, mistral (pre-v11) and qwen/hermes formats. The name may come before or
 * after the arguments: the call starts as soon as the name is known, and arguments read before that
 * are sent then. Arguments written as a JSON string holding an object are unwrapped.
 *
 * Until the call starts the object is only a candidate: if it turns out not to be a call (not an
 * object, no name) the outcome is `failed` and the caller puts the text back as normal text.
 */
export class JsonCallObject {
  readonly #emitter: ToolCallEmitter;
  #state: State = 'open';
  #scanner = new JsonValueScanner();
  #role: ValueRole = 'other';
  #name: string | undefined;
  #began = false;
  #index: number | undefined;
  #args: JsonValueScanner | undefined;

  constructor(emitter: ToolCallEmitter) {
    this.#emitter = emitter;
  }

  get outcome(): CallObjectOutcome {
    if (this.#state === 'done') return 'done';
    if (this.#state === 'failed') return 'failed';
    return 'open';
  }

  /** Whether the call has started (or was dropped by name): from here on the text is the call's. */
  get began(): boolean {
    return this.#began;
  }

  feed(text: string, from: number, to: number): number {
    let i = from;
    while (i < to && this.#state !== 'done' && this.#state !== 'failed') {
      const ch = text.charAt(i);
      switch (this.#state) {
        case 'open':
          if (isJsonWhitespace(ch)) i += 1;
          else if (ch === '{') {
            this.#state = 'key';
            i += 1;
          } else this.#fail();
          break;
        case 'key':
          if (isJsonWhitespace(ch)) i += 1;
          else if (ch === '"') {
            this.#scanner = new JsonValueScanner();
            this.#state = 'key-string';
          } else if (ch === '}') {
            i += 1;
            this.#close();
          } else this.#fail();
          break;
        case 'key-string':
          i = this.#scanner.feed(text, i, to);
          if (this.#scanner.status === 'complete') this.#startValue(parseJsonString(this.#scanner.finalText()));
          else if (this.#scanner.status === 'error') this.#fail();
          break;
        case 'after-key':
          if (isJsonWhitespace(ch)) i += 1;
          else if (ch === ':') {
            i += 1;
            this.#state = 'value';
          } else this.#fail();
          break;
        case 'value':
          i = this.#feedValue(text, i, to);
          break;
        case 'after-value':
          if (isJsonWhitespace(ch)) i += 1;
          else if (ch === ',') {
            i += 1;
            this.#state = 'key';
          } else if (ch === '}') {
            i += 1;
            this.#close();
          } else this.#fail();
          break;
        default:
          break;
      }
    }
    return i;
  }

  /** The input ended inside the object: a started call is closed, a candidate fails. */
  end(): void {
    if (this.#state === 'done' || this.#state === 'failed') return;
    if (this.#state === 'value' && this.#role === 'name') this.#scanner.endOfInput();
    if (this.#began) this.#finishCall();
    else this.#state = 'failed';
  }

  #startValue(key: string | undefined): void {
    this.#role = key === 'name' && this.#name === undefined ? 'name' : (key === 'arguments' || key === 'parameters') && this.#args === undefined ? 'arguments' : 'other';
    this.#scanner = new JsonValueScanner();
    if (this.#role === 'arguments') this.#args = this.#scanner;
    this.#state = 'after-key';
  }

  #feedValue(text: string, from: number, to: number): number {
    const scanner = this.#scanner;
    const stop = scanner.feed(text, from, to);
    if (this.#role === 'arguments' && this.#began && scanner.firstChar === '{') this.#emitter.arguments(this.#index, scanner.takeDelta());
    const status = scanner.status;
    if (status === 'complete') {
      if (this.#role === 'name') {
        const name = parseJsonString(scanner.finalText());
        if (name === undefined || !isPlausibleFunctionName(name.trim())) {
          this.#fail();
          return stop;
        }
        this.#name = name.trim();
        this.#begin();
      }
      this.#state = 'after-value';
    } else if (status === 'error') {
      this.#fail();
    }
    return stop;
  }

  #begin(): void {
    if (this.#began || this.#name === undefined) return;
    this.#began = true;
    this.#index = this.#emitter.beginCall(this.#name);
    if (this.#args !== undefined && this.#args.firstChar === '{') this.#emitter.arguments(this.#index, this.#args.takeDelta());
  }

  #close(): void {
    if (!this.#began) {
      this.#state = 'failed';
      return;
    }
    this.#finishCall();
  }

  #fail(): void {
    if (this.#began) this.#finishCall();
    else this.#state = 'failed';
  }

  #finishCall(): void {
    this.#state = 'done';
    const args = this.#args;
    if (args === undefined) {
      this.#emitter.arguments(this.#index, '{}');
      return;
    }
    args.endOfInput();
    if (args.firstChar === '{') {
      this.#emitter.arguments(this.#index, args.finalText().slice(args.emittedLength));
      return;
    }
    if (args.firstChar === '"' && args.status === 'complete') {
      const inner = parseJsonString(args.finalText());
      if (inner !== undefined && isJsonObjectText(inner)) {
        this.#emitter.arguments(this.#index, inner.trim());
        return;
      }
    }
    this.#emitter.arguments(this.#index, '{}');
  }
}
