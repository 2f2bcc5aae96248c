import { EventQueue } from './event-queue.js';
import type { ReasoningStreamEvent } from './parser-types.js';

function isBlankChar(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t';
}

function trailingBlankStart(text: string): number {
  let end = text.length;
  while (end > 0 && isBlankChar(text.charAt(end - 1))) end -= 1;
  return end;
}

/**
 * What reasoning machines write to. Like SMG's one-shot parse, reasoning is trimmed (models write
 * `<think>\n…\n</think>`) and the normal text after a reasoning block loses its leading whitespace;
 * to do that while streaming, a reasoning block's trailing whitespace is held until more reasoning
 * follows, and dropped when the block ends.
 */
export class ReasoningEmitter {
  readonly #queue = new EventQueue<ReasoningStreamEvent>();
  #blockStarted = false;
  #heldWhitespace = '';
  #afterReasoning = false;

  /** A new reasoning block begins. */
  beginReasoning(): void {
    this.#blockStarted = false;
    this.#heldWhitespace = '';
  }

  reasoning(text: string): void {
    if (text === '') return;
    let body = text;
    if (!this.#blockStarted) {
      body = body.trimStart();
      if (body === '') return;
      this.#blockStarted = true;
    }
    const end = trailingBlankStart(body);
    if (end === 0) {
      this.#heldWhitespace += body;
      return;
    }
    const out = this.#heldWhitespace + body.slice(0, end);
    this.#heldWhitespace = body.slice(end);
    this.#queue.add({ type: 'reasoning', text: out });
  }

  /** The block ended: its trailing whitespace goes, and so does the whitespace opening the answer. */
  endReasoning(): void {
    this.#heldWhitespace = '';
    this.#afterReasoning = true;
  }

  text(text: string): void {
    if (text === '') return;
    let out = text;
    if (this.#afterReasoning) {
      out = out.trimStart();
      if (out === '') return;
      this.#afterReasoning = false;
    }
    this.#queue.add({ type: 'text', text: out });
  }

  end(): void {
    this.#heldWhitespace = '';
  }

  drain(): ReasoningStreamEvent[] {
    return this.#queue.drain();
  }
}
