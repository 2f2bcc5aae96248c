import type { CollectedOpenAiParts } from './collect-openai-parts.js';
import type { JsonPath } from './locate-json-value.js';
import type { OpenAiArgumentsPart, OpenAiEditablePart } from './openai-parts.js';

export interface OpenAiTextEdit {
  readonly path: JsonPath;
  /** The new value: a text, or null for a choice's `logprobs` cleared because its text changed. */
  readonly text: string | null;
}

/** The text rewrites asked of one completion's parts (a stream event's or a whole response's). */
export class OpenAiTextEdits {
  readonly #collected: CollectedOpenAiParts;
  #edits: Map<number, string> | undefined;
  /** Parts (a choice's `logprobs`) to be sent as null. */
  #cleared: Set<number> | undefined;

  constructor(collected: CollectedOpenAiParts) {
    this.#collected = collected;
  }

  /** Rewriting to the part's own text undoes an earlier rewrite: nothing is changed then. */
  rewrite(part: OpenAiEditablePart | OpenAiArgumentsPart, text: string): void {
    const at = this.#collected.parts.indexOf(part);
    if (at === -1 || this.#collected.textPaths[at] === undefined) throw new Error(`this ${part.kind} part is not one of this completion's parts`);
    if (text === originalOf(part)) this.#edits?.delete(at);
    else (this.#edits ??= new Map()).set(at, text);
  }

  /**
   * Send the logprobs of `choice` as null: their tokens spell out the text a transform changed.
   * Nothing happens when that choice has no (non-null) `logprobs` here.
   */
  clearLogprobs(choice: number): void {
    const { parts, textPaths } = this.#collected;
    for (let at = 0; at < parts.length; at += 1) {
      const part = parts[at];
      if (part?.kind === 'other' && part.field === 'logprobs' && part.choice === choice && textPaths[at] !== undefined) (this.#cleared ??= new Set()).add(at);
    }
  }

  /** The text a part has now: its rewrite, or what it came with. */
  textOf(part: OpenAiEditablePart | OpenAiArgumentsPart): string {
    const at = this.#collected.parts.indexOf(part);
    return (at === -1 ? undefined : this.#edits?.get(at)) ?? originalOf(part);
  }

  get changed(): boolean {
    return (this.#edits !== undefined && this.#edits.size > 0) || (this.#cleared !== undefined && this.#cleared.size > 0);
  }

  list(): OpenAiTextEdit[] {
    const out: OpenAiTextEdit[] = [];
    for (const [at, text] of this.#edits ?? []) {
      const path = this.#collected.textPaths[at];
      if (path !== undefined) out.push({ path, text });
    }
    for (const at of this.#cleared ?? []) {
      const path = this.#collected.textPaths[at];
      if (path !== undefined) out.push({ path, text: null });
    }
    return out;
  }
}

function originalOf(part: OpenAiEditablePart | OpenAiArgumentsPart): string {
  return part.kind === 'tool-call' ? part.argumentsDelta : part.text;
}
