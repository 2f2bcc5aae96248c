import type { OpenAiPart } from './openai-parts.js';
import { isStop, type FlushReason, type ResponseSlot, type ResponseTransform, type TextKind, type TransformStop } from './response-transform.js';

/**
 * The transforms of one response, run in order: each one's output is the next one's input, and
 * text a transform releases at flush still passes through the transforms after it.
 */
export class TransformChain {
  readonly #transforms: readonly ResponseTransform[];
  /** The transforms that read tool-call arguments; empty: arguments pass untouched, no slot is kept. */
  readonly #argumentTransforms: readonly ResponseTransform[];
  /** Slots (`choice:kind`, `choice:tool:call`) that carried text, so flushing reaches each of them once. */
  readonly #open = new Map<string, ResponseSlot>();

  constructor(transforms: readonly ResponseTransform[]) {
    this.#transforms = transforms;
    this.#argumentTransforms = transforms.filter((t) => t.toolArguments !== undefined || t.flushToolArguments !== undefined);
  }

  /** Whether any transform reads tool-call arguments (else `toolArguments` gives each fragment back as is). */
  get readsToolArguments(): boolean {
    return this.#argumentTransforms.length > 0;
  }

  async text(choice: number, text: string, kind: TextKind): Promise<string | TransformStop> {
    const key = `${choice}:${kind}`;
    if (!this.#open.has(key)) this.#open.set(key, { choice, kind });
    let current = text;
    for (const transform of this.#transforms) {
      if (transform.text === undefined) continue;
      const out = await transform.text(choice, current, kind);
      if (isStop(out)) return out;
      current = out;
    }
    return current;
  }

  /** What every transform still holds for this choice and kind (then it is closed). */
  async flush(choice: number, kind: TextKind, reason: FlushReason): Promise<string | TransformStop> {
    if (!this.#open.delete(`${choice}:${kind}`)) return '';
    let carried = '';
    for (const transform of this.#transforms) {
      if (carried !== '' && transform.text !== undefined) {
        const out = await transform.text(choice, carried, kind);
        if (isStop(out)) return out;
        carried = out;
      }
      if (transform.flush !== undefined) {
        const out = await transform.flush(choice, kind, reason);
        if (isStop(out)) return out;
        carried += out;
      }
    }
    return carried;
  }

  /** The next fragment of a tool call's arguments through the transforms that read them. */
  async toolArguments(choice: number, call: number, fragment: string): Promise<string | TransformStop> {
    if (this.#argumentTransforms.length === 0) return fragment;
    const key = `${choice}:tool:${call}`;
    if (!this.#open.has(key)) this.#open.set(key, { choice, kind: 'tool-arguments', call });
    let current = fragment;
    for (const transform of this.#argumentTransforms) {
      if (transform.toolArguments === undefined) continue;
      const out = await transform.toolArguments(choice, call, current);
      if (isStop(out)) return out;
      current = out;
    }
    return current;
  }

  /** What every transform still holds of this tool call's arguments (then it is closed). */
  async flushToolArguments(choice: number, call: number, reason: FlushReason): Promise<string | TransformStop> {
    if (!this.#open.delete(`${choice}:tool:${call}`)) return '';
    let carried = '';
    for (const transform of this.#argumentTransforms) {
      if (carried !== '' && transform.toolArguments !== undefined) {
        const out = await transform.toolArguments(choice, call, carried);
        if (isStop(out)) return out;
        carried = out;
      }
      if (transform.flushToolArguments !== undefined) {
        const out = await transform.flushToolArguments(choice, call, reason);
        if (isStop(out)) return out;
        carried += out;
      }
    }
    return carried;
  }

  /** Flushes any slot: a choice's text or reasoning, or a tool call's arguments. */
  flushSlot(slot: ResponseSlot, reason: FlushReason): Promise<string | TransformStop> {
    return slot.kind === 'tool-arguments' ? this.flushToolArguments(slot.choice, slot.call, reason) : this.flush(slot.choice, slot.kind, reason);
  }

  /** Slots with text not yet flushed, in the order they opened. */
  openSlots(): ResponseSlot[] {
    return [...this.#open.values()];
  }

  /** This choice's tool calls, other than `call` (undefined: all), whose arguments are not yet flushed. */
  otherOpenCalls(choice: number, call: number | undefined): number[] {
    const out: number[] = [];
    for (const slot of this.#open.values()) if (slot.kind === 'tool-arguments' && slot.choice === choice && slot.call !== call) out.push(slot.call);
    return out;
  }

  observe(part: OpenAiPart): void {
    for (const transform of this.#transforms) transform.observe?.(part);
  }
}
