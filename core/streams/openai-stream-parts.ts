import { collectOpenAiParts } from './collect-openai-parts.js';
import { isJsonObject } from './is-json-object.js';
import { locateJsonMember, locateJsonValue, type JsonSpan } from './locate-json-value.js';
import type { OpenAiArgumentsPart, OpenAiEditablePart, OpenAiPart } from './openai-parts.js';
import { OpenAiTextEdits } from './openai-text-edits.js';
import { readOpenAiError } from './read-openai-error.js';
import { setJsonPath } from './set-json-path.js';
import type { SseEvent } from './sse-frame.js';

/**
 * One SSE event of an OpenAI-compatible chat or text-completion stream, read as typed parts.
 * A consumer may rewrite or drop the text of text and reasoning parts; `toBytes()` then gives
 * the event's new bytes, with only those JSON values changed (every other byte as the upstream
 * sent it), and the upstream's own bytes when nothing was changed.
 */
export class OpenAiStreamEvent {
  readonly parts: readonly OpenAiPart[];
  readonly #sse: SseEvent;
  readonly #json: unknown;
  readonly #edits: OpenAiTextEdits;
  #removeUsage = false;

  /** @internal Use `parseOpenAiStreamEvent`. */
  constructor(sse: SseEvent, json: unknown, edits: OpenAiTextEdits, parts: readonly OpenAiPart[]) {
    this.#sse = sse;
    this.#json = json;
    this.#edits = edits;
    this.parts = parts;
  }

  /** The event's data as parsed JSON (untrusted; envelope fields such as `model` are read here); undefined for `[DONE]` and data that is not JSON. */
  get json(): unknown {
    return this.#json;
  }

  /** The SSE event the parts were read from. */
  get sse(): SseEvent {
    return this.#sse;
  }

  /** Replace the text of one of this event's text or reasoning parts. */
  rewriteText(part: OpenAiEditablePart, text: string): void {
    this.#edits.rewrite(part, text);
  }

  /** Drop a part's text: it is sent as an empty string (a chat delta or completion choice stays well-formed). */
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

  /**
   * Remove the top-level `usage` field, null or not (for a gateway that asked the upstream for
   * usage the client did not ask for). A usage-only chunk (`choices: []`) is then empty: a relay
   * hiding usage does not forward it. Nothing changes when the event has no `usage` field.
   */
  removeUsage(): void {
    this.#removeUsage = isJsonObject(this.#json) && Object.hasOwn(this.#json, 'usage');
  }

  get changed(): boolean {
    return this.#edits.changed || this.#removeUsage;
  }

  /** The bytes to forward: the upstream's own when nothing changed. */
  toBytes(): Buffer {
    if (!this.changed) return this.#sse.raw;
    return this.#sse.withData(this.#rewrittenData());
  }

  #rewrittenData(): string {
    const data = this.#sse.data;
    const edits = this.#edits.list();
    const splices: { span: JsonSpan | undefined; replacement: string }[] = edits.map((edit) => ({ span: locateJsonValue(data, edit.path), replacement: JSON.stringify(edit.text) }));
    if (this.#removeUsage) splices.push({ span: locateJsonMember(data, [], 'usage'), replacement: '' });
    if (splices.some((s) => s.span === undefined)) {
      // Cannot happen for JSON.parse'd text; if it ever did, a full re-serialisation is still right.
      const json = edits.reduce((at, edit) => setJsonPath(at, edit.path, edit.text), this.#json);
      if (!this.#removeUsage || !isJsonObject(json)) return JSON.stringify(json);
      const { usage: _usage, ...rest } = json;
      return JSON.stringify(rest);
    }
    // Text values and the usage member never overlap; cut from the end so offsets stay valid.
    let out = data;
    for (const { span, replacement } of splices.sort((a, b) => (b.span?.start ?? 0) - (a.span?.start ?? 0))) {
      if (span !== undefined) out = `${out.slice(0, span.start)}${replacement}${out.slice(span.end)}`;
    }
    return out;
  }
}

/**
 * Reads one SSE event of an OpenAI-compatible stream: a chunk, an in-band error (an `error`
 * field, vLLM's flat `object: "error"`, or any `event: error`), `[DONE]`, or (as an `other`
 * part) data that is none of these.
 */
export function parseOpenAiStreamEvent(sse: SseEvent): OpenAiStreamEvent {
  const data = sse.data;
  if (data.trim() === '[DONE]') return eventOf(sse, undefined, [{ kind: 'done' }]);
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    if (sse.event === 'error') return eventOf(sse, undefined, [{ kind: 'error', error: readOpenAiError(data) }]);
    return eventOf(sse, undefined, [{ kind: 'other', field: '', value: data }]);
  }
  if (sse.event === 'error') {
    // Some servers and proxies flag an error by the SSE event name, whatever the payload's shape.
    const error = isJsonObject(json) && json['error'] !== undefined && json['error'] !== null ? json['error'] : json;
    return eventOf(sse, json, [{ kind: 'error', error: readOpenAiError(error) }]);
  }
  const collected = collectOpenAiParts(json);
  if (collected.parts.length === 1 && collected.parts[0]?.kind === 'other' && collected.parts[0].field === '') {
    // JSON, but not an object: reported as its text, like any data that is not a chunk.
    return eventOf(sse, json, [{ kind: 'other', field: '', value: data }]);
  }
  return new OpenAiStreamEvent(sse, json, new OpenAiTextEdits(collected), collected.parts);
}

function eventOf(sse: SseEvent, json: unknown, parts: OpenAiPart[]): OpenAiStreamEvent {
  return new OpenAiStreamEvent(sse, json, new OpenAiTextEdits({ parts, textPaths: parts.map(() => undefined) }), parts);
}
