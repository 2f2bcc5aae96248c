import { JsonCallList } from '../json-call-list.js';
import type { StreamMachine } from '../machine-stream.js';
import { MarkerScanner } from '../marker-search.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';

type Mode = 'text' | 'body' | 'trailer';

/**
 * `qwen` (Qwen 2.5/3, QwQ, Hermes-style templates): each call is a JSON object in its own tags:
 * `<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>`.
 * Tags whose content is not a call stay in the text as written.
 */
class QwenMachine implements StreamMachine {
  readonly #markers = new MarkerScanner();
  readonly #emitter: ToolCallEmitter;
  #mode: Mode = 'text';
  #list: JsonCallList | undefined;

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
    if (this.#list !== undefined) {
      this.#list.end();
      this.#settle();
    }
    this.#emitter.end();
  }

  #stepMode(input: string, from: number, final: boolean): number {
    switch (this.#mode) {
      case 'text': {
        const scan = this.#markers.region(input, from, [OPEN], final);
        this.#emitter.text(input.slice(from, scan.end));
        if (scan.hit === undefined) return scan.end;
        this.#list = new JsonCallList(this.#emitter);
        this.#mode = 'body';
        return scan.hit.end;
      }
      case 'body': {
        const list = this.#list;
        if (list === undefined) return from;
        // The JSON never reads past the closing tag, even when it is broken.
        const scan = this.#markers.region(input, from, [CLOSE, OPEN], final);
        const stop = list.feed(input, from, scan.end);
        if (list.outcome === 'open') {
          if (scan.hit === undefined) return stop;
          list.end();
        }
        const failed = list.outcome === 'failed';
        this.#settle();
        if (failed) return stop;
        this.#mode = 'trailer';
        return stop;
      }
      case 'trailer': {
        const scan = this.#markers.region(input, from, [CLOSE, OPEN], final);
        if (scan.hit === undefined) return scan.end;
        this.#mode = 'text';
        return scan.hit.which === 0 ? scan.hit.end : scan.hit.at;
      }
    }
  }

  #settle(): void {
    const list = this.#list;
    if (list === undefined || list.outcome === 'open') return;
    this.#list = undefined;
    if (list.outcome === 'failed') {
      this.#emitter.text(OPEN + list.heldText);
      this.#mode = 'text';
    }
  }
}

export function createQwenMachine(emitter: ToolCallEmitter): StreamMachine {
  return new QwenMachine(emitter);
}
