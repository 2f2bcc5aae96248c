import type { OpenAiPart } from './openai-parts.js';
import { isStop, type FlushReason, type ResponseTransform, type TextKind, type TransformStop } from './response-transform.js';

/**
 * The transforms of one response, run in order: each one's output is the next one's input, and
 * text a transform releases at flush still passes through the transforms after it.
 */
export class TransformChain {
  readonly #transforms: readonly ResponseTransform[];
  /** `choice:kind` pairs that carried text, so flushing reaches each of them once. */
  readonly #open = new Map<string, { readonly choice: number; readonly kind: TextKind }>();

  constructor(transforms: readonly ResponseTransform[]) {
    this.#transforms = transforms;
  }

  async text(choice: number, text: string, kind: TextKind): Promise<string | TransformStop> {
    this.#open.set(`${choice}:${kind}`, { choice, kind });
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

  /** Choices and kinds with text not yet flushed. */
  openSlots(): { readonly choice: number; readonly kind: TextKind }[] {
    return [...this.#open.values()];
  }

  observe(part: OpenAiPart): void {
    for (const transform of this.#transforms) transform.observe?.(part);
  }
}
