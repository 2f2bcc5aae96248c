import type { StreamMachine } from './machine-stream.js';
import { MarkerScanner } from './marker-search.js';
import type { ReasoningEmitter } from './reasoning-emitter.js';

export interface ThinkTags {
  readonly open: string;
  readonly close: string;
  /** Whether the output starts inside a reasoning block (the prompt opened it). */
  readonly startInReasoning: boolean;
}

/**
 * Reasoning between an open and a close tag. Inside a block a repeated open tag is dropped (R1
 * sometimes writes `<think>` although the template already did); after a block, another open tag
 * starts another block (interleaved thinking between tool calls). A block the output never closes
 * is all reasoning, as in SMG.
 */
export class ThinkTagMachine implements StreamMachine {
  readonly #markers = new MarkerScanner();
  readonly #emitter: ReasoningEmitter;
  readonly #tags: ThinkTags;
  #inReasoning: boolean;

  constructor(emitter: ReasoningEmitter, tags: ThinkTags) {
    this.#emitter = emitter;
    this.#tags = tags;
    this.#inReasoning = tags.startInReasoning;
    if (this.#inReasoning) emitter.beginReasoning();
  }

  step(input: string, from: number, final: boolean): number {
    let i = from;
    while (i < input.length) {
      if (this.#inReasoning) {
        const scan = this.#markers.region(input, i, [this.#tags.close, this.#tags.open], final);
        this.#emitter.reasoning(input.slice(i, scan.end));
        if (scan.hit === undefined) return scan.end;
        if (scan.hit.which === 0) {
          this.#emitter.endReasoning();
          this.#inReasoning = false;
        }
        i = scan.hit.end;
      } else {
        const scan = this.#markers.region(input, i, [this.#tags.open], final);
        this.#emitter.text(input.slice(i, scan.end));
        if (scan.hit === undefined) return scan.end;
        this.#emitter.beginReasoning();
        this.#inReasoning = true;
        i = scan.hit.end;
      }
    }
    return i;
  }

  end(): void {
    this.#emitter.end();
  }
}

/** All text is normal: the passthrough parser, and any parser when thinking is off. */
export class PlainTextMachine implements StreamMachine {
  readonly #emitter: ReasoningEmitter;

  constructor(emitter: ReasoningEmitter) {
    this.#emitter = emitter;
  }

  step(input: string, from: number): number {
    this.#emitter.text(input.slice(from));
    return input.length;
  }

  end(): void {
    this.#emitter.end();
  }
}
