import { JsonValueScanner } from './json-value-scanner.js';
import type { ToolCallEmitter } from './tool-call-emitter.js';

/**
 * A call's arguments written by the model as a JSON object, streamed as they validate. Anything
 * that is not an object, or stops being JSON, ends the streaming; `end` then closes what was sent
 * (or sends `{}` when nothing was), so the fragments always add up to a valid JSON object.
 */
export class StreamedJsonArguments {
  readonly #scanner = new JsonValueScanner();
  readonly #emitter: ToolCallEmitter;
  readonly #index: number | undefined;
  #ended = false;

  constructor(emitter: ToolCallEmitter, index: number | undefined) {
    this.#emitter = emitter;
    this.#index = index;
  }

  /** Whether more text can still belong to the value (a non-object value is read to its end, then ignored). */
  get open(): boolean {
    const status = this.#scanner.status;
    return status === 'pending' || status === 'partial';
  }

  /** Feeds text[from, to); returns where the value stopped (the rest is not arguments). */
  feed(text: string, from: number, to: number): number {
    if (!this.open) return from;
    const stop = this.#scanner.feed(text, from, to);
    if (this.#scanner.firstChar === '{') this.#emitter.arguments(this.#index, this.#scanner.takeDelta());
    return stop;
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#scanner.endOfInput();
    if (this.#scanner.firstChar !== '{') {
      this.#emitter.arguments(this.#index, '{}');
      return;
    }
    this.#emitter.arguments(this.#index, this.#scanner.finalText().slice(this.#scanner.emittedLength));
  }
}
