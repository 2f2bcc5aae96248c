import { randomUUID } from 'node:crypto';
import { EventQueue } from './event-queue.js';
import type { ToolCallParserOptions, ToolCallStreamEvent, ToolSpec } from './parser-types.js';

function randomCallId(): string {
  // randomUUID draws from a cached entropy pool, far cheaper per call than randomBytes.
  return `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    if (ch !== ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t') return false;
  }
  return true;
}

function lastNonBlankEnd(text: string): number {
  let end = text.length;
  while (end > 0) {
    const ch = text.charAt(end - 1);
    if (ch !== ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t') break;
    end -= 1;
  }
  return end;
}

/**
 * What every tool-call format machine writes to: normal text, call starts, argument fragments.
 * It numbers calls, gives them ids, drops calls to unknown functions when asked to, and keeps the
 * whitespace around calls out of the normal text: models put newlines around their calls, so
 * the normal text loses its leading and trailing whitespace when it had calls, and text on both
 * sides of calls keeps one gap between them. Whitespace is the one thing held back besides
 * partial markers, and only while it is trailing.
 */
export class ToolCallEmitter {
  readonly #queue = new EventQueue<ToolCallStreamEvent>();
  readonly #tools: ReadonlyMap<string, ToolSpec> | undefined;
  readonly #dropUnknown: boolean;
  readonly #createId: (index: number) => string;
  #heldWhitespace = '';
  #gapBeforeCalls = '';
  #afterCall = false;
  #sawCall = false;
  #sawText = false;
  #nextIndex = 0;

  constructor(options: ToolCallParserOptions = {}) {
    this.#tools = options.tools === undefined ? undefined : new Map(options.tools.map((tool) => [tool.name, tool]));
    this.#dropUnknown = (options.unknownTools ?? 'drop') === 'drop';
    this.#createId = options.createId ?? randomCallId;
  }

  text(text: string): void {
    if (text === '') return;
    if (isBlank(text)) {
      this.#heldWhitespace += text;
      return;
    }
    const end = lastNonBlankEnd(text);
    let start = 0;
    while (isBlank(text.charAt(start))) start += 1;
    const leading = this.#heldWhitespace + text.slice(0, start);
    let separator = leading;
    if (this.#afterCall) {
      // One gap stands where the calls were: the one before them, else the one after them.
      separator = this.#sawText ? (this.#gapBeforeCalls === '' ? leading : this.#gapBeforeCalls) : '';
    }
    this.#heldWhitespace = text.slice(end);
    this.#afterCall = false;
    this.#sawText = true;
    this.#queue.add({ type: 'text', text: separator + text.slice(start, end) });
  }

  /** A call to `name` begins. Returns its index, or undefined when the call is dropped. */
  beginCall(name: string, id?: string): number | undefined {
    if (!this.#afterCall) this.#gapBeforeCalls = this.#heldWhitespace;
    this.#heldWhitespace = '';
    this.#afterCall = true;
    this.#sawCall = true;
    if (this.#dropUnknown && this.#tools !== undefined && !this.#tools.has(name)) return undefined;
    const index = this.#nextIndex;
    this.#nextIndex += 1;
    this.#queue.add({ type: 'tool-call-start', index, id: id ?? this.#createId(index), name });
    return index;
  }

  arguments(index: number | undefined, text: string): void {
    if (index === undefined || text === '') return;
    this.#queue.add({ type: 'tool-call-arguments', index, text });
  }

  /** The JSON Schema of a known function's parameters, for typing XML-style values. */
  parametersOf(name: string): unknown {
    return this.#tools?.get(name)?.parameters;
  }

  /** No more input: trailing whitespace is kept only when the text had no call at all. */
  end(): void {
    if (!this.#sawCall && this.#heldWhitespace !== '') this.#queue.add({ type: 'text', text: this.#heldWhitespace });
    this.#heldWhitespace = '';
  }

  drain(): ToolCallStreamEvent[] {
    return this.#queue.drain();
  }
}
