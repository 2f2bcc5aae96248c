import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { GatewayError } from '../../core/errors/gateway-error.js';
import { toOpenAiErrorBody } from '../../core/errors/openai-error-body.js';
import type { JsonObject } from '../../core/pipeline/exchange.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import { locateJsonValue } from '../../core/streams/locate-json-value.js';
import type { SseEvent, SseFrame } from '../../core/streams/sse-frame.js';
import { SseFramer } from '../../core/streams/sse-framer.js';
import type { ResponseStream } from './build-redaction-plan.js';
import type { EntityCounts } from './entity-tally.js';
import { piiDetectedError } from './pii-detected-error.js';
import type { RestoreInto } from './placeholder-restorer.js';
import { redactOutputItem, redactPart, redactResponsesAnswer } from './redact-responses-answer.js';
import { withField, type RewriteText } from './redact-request-body.js';

export interface ResponsesStreamRedaction {
  /** A stream redactor (then restorer, in restore mode) for one text of the answer (`json`: function-call arguments). */
  readonly createStream: (into: RestoreInto) => ResponseStream;
  /** A whole text the deltas never carried, redacted and restored the same way (not counted again). */
  readonly rewriteWhole: (text: string, into: RestoreInto) => string;
  /** Each text's counts, once, when it ends. */
  readonly report: (counts: EntityCounts) => void;
  /** The stream was ended with the 403's error as an in-band event. */
  readonly onStopped: () => void;
  readonly maxEventBytes?: number;
}

/** A delta event's type → the field of its `.done` event that repeats the whole text, and the slot's kind. */
const DELTAS: Readonly<Record<string, { readonly done: string; readonly field: string; readonly kind: string; readonly index: string }>> = {
  'response.output_text.delta': { done: 'response.output_text.done', field: 'text', kind: 'text', index: 'content_index' },
  'response.refusal.delta': { done: 'response.refusal.done', field: 'refusal', kind: 'refusal', index: 'content_index' },
  'response.function_call_arguments.delta': { done: 'response.function_call_arguments.done', field: 'arguments', kind: 'arguments', index: '' },
  'response.mcp_call_arguments.delta': { done: 'response.mcp_call_arguments.done', field: 'arguments', kind: 'arguments', index: '' },
  'response.custom_tool_call_input.delta': { done: 'response.custom_tool_call_input.done', field: 'input', kind: 'input', index: '' },
  'response.code_interpreter_call_code.delta': { done: 'response.code_interpreter_call_code.done', field: 'code', kind: 'code', index: '' },
  'response.reasoning_summary_text.delta': { done: 'response.reasoning_summary_text.done', field: 'text', kind: 'summary', index: 'summary_index' },
  'response.reasoning_text.delta': { done: 'response.reasoning_text.done', field: 'text', kind: 'reasoning', index: 'content_index' },
};
const DONES = new Map(Object.values(DELTAS).map((d) => [d.done, d]));

/** Events that repeat a whole part, item or response: their texts are rewritten as the deltas were. */
const PART_EVENTS = new Set(['response.content_part.added', 'response.content_part.done', 'response.reasoning_summary_part.added', 'response.reasoning_summary_part.done']);
const ITEM_EVENTS = new Set(['response.output_item.added', 'response.output_item.done']);
const RESPONSE_EVENTS = new Set(['response.created', 'response.in_progress', 'response.completed', 'response.incomplete', 'response.failed', 'response.queued']);

interface Slot {
  readonly stream: ResponseStream;
  readonly into: RestoreInto;
  /** The last delta event's JSON: a synthetic delta releasing held text copies it. */
  last: JsonObject;
  original: string;
  emitted: string;
}

/**
 * A streamed OpenAI Responses API answer (`/v1/responses`, SSE) through the stage: each text the
 * model streams — output text, refusal, function and MCP call arguments, custom tool input, code
 * interpreter code, reasoning summary and text — has its own stream redactor (keyed by item and part), so an entity split
 * across deltas is caught and a split placeholder restored. Held text is released as one more
 * delta just before that text's `.done` event; the `.done` event, the `content_part` /
 * `output_item` events and the final `response.completed` (`incomplete`, `failed`) repeat the
 * texts as the client received them; every event after an inserted delta has its `sequence_number`
 * moved up by the number inserted so far (so they stay strictly increasing). A `block` type ends the stream with the 403's error as an
 * in-band `error` event. Events the stage does not read pass as the upstream's bytes.
 */
export function redactResponsesStream(source: Readable, redaction: ResponsesStreamRedaction): Readable {
  const slots = new Map<string, Slot>();
  /** Whole original texts (once their `.done` arrived) → what the client received instead. */
  const finals: Record<RestoreInto, Map<string, string>> = { text: new Map(), json: new Map() };
  let frames: SseFrame[] = [];
  const framer = new SseFramer({ onFrame: (frame) => frames.push(frame), ...(redaction.maxEventBytes === undefined ? {} : { maxEventBytes: redaction.maxEventBytes }) });
  let stopped = false;
  /**
   * Delta events the stage inserted so far (released held text): every later event's
   * `sequence_number` is moved up by as many, so the client sees them strictly increasing.
   */
  let inserted = 0;
  /** The upstream's latest `sequence_number`. */
  let lastSequence: number | undefined;

  /**
   * The number an event inserted just before the upstream's event numbered `base` gets (an event
   * without a number: the one after the latest; undefined when the upstream numbers nothing).
   */
  const insertAt = (at: number | undefined): number | undefined => {
    const base = at ?? (lastSequence === undefined ? undefined : lastSequence + 1);
    if (base === undefined) return undefined;
    inserted += 1;
    return base + inserted - 1;
  };

  /**
   * An upstream event's bytes: its own when unchanged and nothing was inserted before it; else
   * `next` with its number moved up (only the number is spliced when the rest is unchanged).
   */
  const send = (event: SseEvent, json: JsonObject, next: JsonObject): Buffer => {
    const sequence = json['sequence_number'];
    const moved = inserted > 0 && typeof sequence === 'number';
    if (next !== json) return encode(event, moved ? withField(next, 'sequence_number', sequence + inserted) : next);
    if (!moved) return event.raw;
    const data = event.data;
    const span = locateJsonValue(data, ['sequence_number']);
    if (span === undefined) return encode(event, withField(json, 'sequence_number', sequence + inserted));
    return event.withData(`${data.slice(0, span.start)}${String(sequence + inserted)}${data.slice(span.end)}`);
  };

  const rewriterFor =
    (into: RestoreInto): RewriteText =>
    (text) =>
      text === '' ? text : (finals[into].get(text) ?? redaction.rewriteWhole(text, into));
  const rewrite = rewriterFor('text');
  const rewriteArguments = rewriterFor('json');
  const slotKey = (json: JsonObject, kind: string, index: string): string => {
    const item = typeof json['item_id'] === 'string' ? json['item_id'] : String(json['output_index']);
    return `${item}:${kind}:${index === '' ? '' : String(json[index])}`;
  };
  const encode = (event: SseEvent, json: JsonObject): Buffer => event.withData(JSON.stringify(json));
  // The Responses API's `error` event (type, code, message, param), with the OpenAI `error` object
  // too: the openai SDK raises an APIError for data carrying `error`, with its code.
  const stopEvent = (error: GatewayError): Buffer => {
    const { body } = toOpenAiErrorBody(error);
    const { code, message, param } = body.error;
    return Buffer.from(`event: error\ndata: ${JSON.stringify({ type: 'error', code, message, param, error: body.error })}\n\n`);
  };
  const blocked = (key: string, slot: Slot): Buffer => {
    slots.delete(key);
    redaction.report(slot.stream.counts());
    stopped = true;
    return stopEvent(piiDetectedError('response', slot.stream.counts()));
  };

  /**
   * Every text's held rest, as delta events numbered from `base` on (the upstream's number of the
   * event they go before; undefined: after the latest); a blocked one: the stop event, and nothing after.
   */
  const releaseAll = (base: number | undefined): Buffer[] => {
    const out: Buffer[] = [];
    for (const [key, slot] of slots) {
      const rest = slot.stream.flush();
      if (slot.stream.blocked) return [blocked(key, slot)];
      slots.delete(key);
      redaction.report(slot.stream.counts());
      if (rest !== '') out.push(releaseEvent(slot, rest, insertAt(base)));
    }
    return out;
  };

  /** The bytes to send for one event; a stop ends the stream after them. */
  const handle = (event: SseEvent): Buffer[] => {
    let json: unknown;
    try {
      json = JSON.parse(event.data);
    } catch {
      return [event.raw];
    }
    if (!isJsonObject(json)) return [event.raw];
    const sequence = typeof json['sequence_number'] === 'number' ? json['sequence_number'] : undefined;
    if (sequence !== undefined) lastSequence = sequence;
    const type = json['type'];
    // An error (the provider's, or the relay's when the upstream failed) ends the answer: what the
    // texts hold leaves before it.
    if (type === 'error' || type === 'response.failed' || (type === undefined && json['error'] !== undefined)) {
      const released = releaseAll(sequence);
      return stopped ? released : [...released, type === 'response.failed' ? handleWhole(event, json, type) : send(event, json, json)];
    }
    if (typeof type !== 'string') return [send(event, json, json)];
    const delta = DELTAS[type];
    if (delta !== undefined && typeof json['delta'] === 'string') {
      const key = slotKey(json, delta.kind, delta.index);
      let slot = slots.get(key);
      if (slot === undefined) {
        const into = delta.kind === 'arguments' ? 'json' : 'text';
        slot = { stream: redaction.createStream(into), into, last: json, original: '', emitted: '' };
        slots.set(key, slot);
      }
      const out = slot.stream.push(json['delta']);
      if (slot.stream.blocked) return [blocked(key, slot)];
      slot.last = json;
      slot.original += json['delta'];
      slot.emitted += out;
      return [send(event, json, out === json['delta'] ? json : withoutLogprobs(withField(json, 'delta', out)))];
    }
    const done = DONES.get(type);
    if (done !== undefined) {
      const key = slotKey(json, done.kind, done.index);
      const slot = slots.get(key);
      const before: Buffer[] = [];
      if (slot !== undefined) {
        const rest = slot.stream.flush();
        if (slot.stream.blocked) return [blocked(key, slot)];
        slots.delete(key);
        redaction.report(slot.stream.counts());
        slot.emitted += rest;
        if (rest !== '') before.push(releaseEvent(slot, rest, insertAt(sequence)));
        finals[slot.into].set(slot.original, slot.emitted);
      }
      const whole = json[done.field];
      if (typeof whole !== 'string') return [...before, send(event, json, json)];
      const next = slot !== undefined && whole === slot.original ? slot.emitted : done.kind === 'arguments' ? rewriteArguments(whole) : rewrite(whole);
      return [...before, send(event, json, next === whole ? json : withoutLogprobs(withField(json, done.field, next)))];
    }
    return [handleWhole(event, json, type)];
  };

  /** An event that repeats whole texts (a part, an item, the response): as the client received them. */
  const handleWhole = (event: SseEvent, json: JsonObject, type: string): Buffer => {
    let next: JsonObject = json;
    if (PART_EVENTS.has(type) && isJsonObject(json['part'])) {
      next = withField(json, 'part', redactPart(json['part'], rewrite));
    } else if (ITEM_EVENTS.has(type) && isJsonObject(json['item'])) {
      next = withField(json, 'item', redactOutputItem(json['item'], rewrite, rewriteArguments));
    } else if (RESPONSE_EVENTS.has(type) && isJsonObject(json['response'])) {
      next = withField(json, 'response', redactResponsesAnswer(json['response'], rewrite, rewriteArguments));
    }
    return send(event, json, next);
  };

  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (stopped) return callback();
      try {
        framer.push(chunk);
      } catch (err) {
        return callback(err instanceof Error ? err : new Error(String(err)));
      }
      drain();
      callback();
    },
    flush(callback: TransformCallback) {
      if (!stopped) {
        framer.end();
        drain();
      }
      // Held text of a stream that ended without its `.done` events: a delta never leaves half an entity.
      if (!stopped) {
        for (const buffer of releaseAll(undefined)) transform.push(buffer);
        if (stopped) redaction.onStopped();
      }
      callback();
    },
    destroy(err, callback) {
      // The client left: held text is dropped; the counts are still reported.
      for (const slot of slots.values()) redaction.report(slot.stream.counts());
      slots.clear();
      source.destroy();
      callback(err);
    },
  });

  const drain = (): void => {
    const batch = frames;
    frames = [];
    for (const frame of batch) {
      if (stopped) return;
      if (frame.kind !== 'event') {
        transform.push(frame.raw);
        continue;
      }
      for (const buffer of handle(frame)) transform.push(buffer);
      if (stopped) {
        redaction.onStopped();
        transform.push(null);
        source.unpipe(transform);
        source.destroy();
        return;
      }
    }
  };

  source.on('error', (err: Error) => transform.destroy(err));
  return source.pipe(transform);
}

/** One more delta event for a text's held rest: the previous delta's fields, without its logprobs, numbered `sequence`. */
function releaseEvent(slot: Slot, rest: string, sequence: number | undefined): Buffer {
  const json = withoutLogprobs(withField(slot.last, 'delta', rest));
  return Buffer.from(`event: ${String(slot.last['type'])}\ndata: ${JSON.stringify(sequence === undefined ? json : withField(json, 'sequence_number', sequence))}\n\n`);
}

/** Token logprobs spell out the text they came with: gone wherever that text was changed. */
function withoutLogprobs(json: JsonObject): JsonObject {
  return Array.isArray(json['logprobs']) && json['logprobs'].length > 0 ? withField(json, 'logprobs', []) : json;
}
