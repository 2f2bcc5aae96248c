import { collectOpenAiParts } from './collect-openai-parts.js';
import type { OpenAiArgumentsPart, OpenAiEditablePart, OpenAiPart } from './openai-parts.js';
import { OpenAiTextEdits } from './openai-text-edits.js';
import { setJsonPath } from './set-json-path.js';

/**
 * A whole (non-stream) chat or text completion read as the same parts a stream gives — all of a
 * choice's text in one text part — so a consumer's logic works on both. Rewrites are written
 * back by `toJson()`.
 */
export class OpenAiResponseParts {
  readonly parts: readonly OpenAiPart[];
  readonly #json: unknown;
  readonly #edits: OpenAiTextEdits;

  /** @internal Use `partsOfChatResponse`. */
  constructor(json: unknown, edits: OpenAiTextEdits, parts: readonly OpenAiPart[]) {
    this.#json = json;
    this.#edits = edits;
    this.parts = parts;
  }

  rewriteText(part: OpenAiEditablePart, text: string): void {
    this.#edits.rewrite(part, text);
  }

  dropText(part: OpenAiEditablePart): void {
    this.#edits.rewrite(part, '');
  }

  textOf(part: OpenAiEditablePart): string {
    return this.#edits.textOf(part);
  }

  /** Replace the arguments (a stream's fragment) of one of its tool calls; JSON validity is the caller's. */
  rewriteArguments(part: OpenAiArgumentsPart, args: string): void {
    this.#edits.rewrite(part, args);
  }

  argumentsOf(part: OpenAiArgumentsPart): string {
    return this.#edits.textOf(part);
  }

  /** Send this choice's `logprobs` as null (their tokens spell out its original text); a no-op without them. */
  clearLogprobs(choice: number): void {
    this.#edits.clearLogprobs(choice);
  }

  get changed(): boolean {
    return this.#edits.changed;
  }

  /**
   * The response with the rewrites applied: the very value given when nothing changed, else a
   * copy sharing everything off the rewritten paths (the input is never modified).
   */
  toJson(): unknown {
    return this.#edits.list().reduce((json, edit) => setJsonPath(json, edit.path, edit.text), this.#json);
  }
}

/** The parts of a chat.completion or text_completion response body (parsed JSON, untrusted). */
export function partsOfChatResponse(json: unknown): OpenAiResponseParts {
  const collected = collectOpenAiParts(json);
  return new OpenAiResponseParts(json, new OpenAiTextEdits(collected), collected.parts);
}
