import { JsonCallObject } from './json-call-object.js';
import { isJsonWhitespace } from './json-value-scanner.js';
import type { ToolCallEmitter } from './tool-call-emitter.js';

type State = 'start' | 'object' | 'array-open' | 'element' | 'array-after' | 'array-next' | 'done' | 'failed';

export type CallListOutcome = 'open' | 'done' | 'failed';

/**
 * One call object, or a JSON array of them (`[{"name": …}, {"name": …}]`). Until a call starts the
 * text read is kept, so a candidate that turns out not to be calls (`[1, 2]`, `{"x": 1}`) can be
 * given back as normal text by the caller. After a call started, text that breaks the list ends it
 * there, and the caller reads on from that point.
 */
export class JsonCallList {
  readonly #emitter: ToolCallEmitter;
  #state: State = 'start';
  #call: JsonCallObject | undefined;
  #began = false;
  #held: string[] = [];

  constructor(emitter: ToolCallEmitter) {
    this.#emitter = emitter;
  }

  get outcome(): CallListOutcome {
    if (this.#state === 'done') return 'done';
    if (this.#state === 'failed') return 'failed';
    return 'open';
  }

  get began(): boolean {
    return this.#began;
  }

  /** The text read so far while no call had started (for giving it back). */
  get heldText(): string {
    return this.#held.join('');
  }

  feed(text: string, from: number, to: number): number {
    const stop = this.#feed(text, from, to);
    if (!this.#began) this.#held.push(text.slice(from, stop));
    else this.#held = [];
    return stop;
  }

  end(): void {
    if (this.#call !== undefined && (this.#state === 'object' || this.#state === 'element')) {
      this.#call.end();
      if (this.#call.began) this.#began = true;
    }
    if (this.#state !== 'done' && this.#state !== 'failed') this.#state = this.#began ? 'done' : 'failed';
  }

  #feed(text: string, from: number, to: number): number {
    let i = from;
    while (i < to && this.#state !== 'done' && this.#state !== 'failed') {
      const ch = text.charAt(i);
      switch (this.#state) {
        case 'start':
          if (isJsonWhitespace(ch)) i += 1;
          else if (ch === '{') this.#openCall('object');
          else if (ch === '[') {
            i += 1;
            this.#state = 'array-open';
          } else this.#stop();
          break;
        case 'array-open':
        case 'array-next':
          if (isJsonWhitespace(ch)) i += 1;
          else if (ch === '{') this.#openCall('element');
          else this.#stop();
          break;
        case 'object':
        case 'element': {
          const call = this.#call;
          if (call === undefined) return i;
          i = call.feed(text, i, to);
          if (call.began) this.#began = true;
          if (call.outcome === 'done') this.#state = this.#state === 'object' ? 'done' : 'array-after';
          else if (call.outcome === 'failed') this.#stop();
          break;
        }
        case 'array-after':
          if (isJsonWhitespace(ch)) i += 1;
          else if (ch === ',') {
            i += 1;
            this.#state = 'array-next';
          } else if (ch === ']') {
            i += 1;
            this.#state = 'done';
          } else this.#stop();
          break;
        default:
          break;
      }
    }
    return i;
  }

  #openCall(state: 'object' | 'element'): void {
    this.#call = new JsonCallObject(this.#emitter);
    this.#state = state;
  }

  #stop(): void {
    this.#state = this.#began ? 'done' : 'failed';
  }
}
