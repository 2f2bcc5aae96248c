import { Readable } from 'node:stream';
import { parseOpenAiStreamEvent } from '../../../core/streams/openai-stream-parts.js';
import type { SseFrame } from '../../../core/streams/sse-frame.js';
import { SseEventTooLargeError, SseFramer } from '../../../core/streams/sse-framer.js';

export interface SseRelayOptions {
  /**
   * The gateway asked the upstream for usage the client did not ask for: drop the usage-only
   * chunk and the `"usage":null` fields so the client receives what it would have without us.
   */
  readonly hideUsage: boolean;
  /** OpenAI's streams end with `data: [DONE]`; an end without it is a failure. Other APIs' do not. */
  readonly requireDone: boolean;
  readonly onUsage: (usage: unknown) => void;
  readonly onFirstByte: () => void;
  /** Longest silence between upstream chunks before the stream is failed (0: none). */
  readonly idleMs: number;
  readonly idleError: () => Error;
  /** Largest single event; past it the stream fails in-band instead of buffering on. */
  readonly maxEventBytes: number;
  /** The in-band event sent when the upstream fails or ends before `[DONE]`. */
  readonly failureEvent: (reason: string, err: Error | undefined) => Buffer;
  /**
   * Called at the end of a stream that carried no usage, with the text it generated (content,
   * reasoning, tool-call arguments), so its tokens can be estimated. Without it nothing is held.
   */
  readonly onNoUsage?: (generatedText: string) => void;
  /** Most event bytes held for `onNoUsage`; what comes after is not counted. */
  readonly maxHeldBytes?: number;
}

const DONE = Buffer.from('[DONE]');
const EVENT_END = Buffer.from('\n\n');
const USAGE_KEY = Buffer.from('"usage"');
const COMPACT_NULL_USAGE = Buffer.from(',"usage":null');
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const LF = 0x0a;
const COMMA = 0x2c;
/** `:null` after `"usage"`, byte by byte. */
const NULL_VALUE = [0x3a, 0x6e, 0x75, 0x6c, 0x6c];
const HAS_NULL_USAGE = /"usage"\s*:\s*null/;
const NULL_USAGE = /,\s*"usage"\s*:\s*null|"usage"\s*:\s*null\s*,?/g;

/**
 * Relays an upstream SSE body event by event, through the one framer: each complete event is
 * forwarded as soon as it arrives (never the whole stream), as the upstream's own bytes unless
 * usage has to be hidden; usage is read on the way; and a failure, an end without `[DONE]` or an
 * event past `maxEventBytes` becomes an in-band error event rather than a clean end that looks
 * like success. Only events that mention "usage" are decoded.
 */
export class SseRelay extends Readable {
  readonly #source: Readable;
  readonly #options: SseRelayOptions;
  readonly #framer: SseFramer;
  #out: Buffer[] = [];
  #sawDone = false;
  #ended = false;
  #sentFirstByte = false;
  /**
   * The bytes of events held until usage shows up (then dropped), to estimate a stream that never
   * reports it; framed again only in that case.
   */
  #held: Buffer[] | undefined;
  #heldBytes = 0;
  /** One timer per stream, re-armed per chunk with refresh() (no allocation per chunk). */
  readonly #idle: NodeJS.Timeout | undefined;
  /** The one destination the relay writes to itself (see pipe), instead of pushing. */
  #sink: NodeJS.WritableStream | undefined;
  readonly #resumeSource = (): void => {
    if (!this.#ended) this.#source.resume();
  };

  constructor(source: Readable, options: SseRelayOptions) {
    super();
    this.#source = source;
    this.#options = options;
    this.#held = options.onNoUsage === undefined ? undefined : [];
    this.#framer = new SseFramer({ maxEventBytes: options.maxEventBytes, onFrame: (frame) => this.#relayFrame(frame) });
    this.#idle = options.idleMs > 0 ? setTimeout(() => source.destroy(options.idleError()), options.idleMs) : undefined;
    source.on('data', (chunk: Buffer) => {
      this.#idle?.refresh();
      this.#onData(chunk);
    });
    source.once('end', () => this.#finish(undefined));
    source.once('error', (err: Error) => this.#finish(err));
    // Every body closes after its end: the error (a stack trace, tens of thousands of
    // instructions) is built only for a close that came first.
    source.once('close', () => {
      if (!this.#ended) this.#finish(new Error('upstream connection closed'));
    });
  }

  override _read(): void {
    this.#source.resume();
  }

  /**
   * Piped into one destination (the client's response) before anything was read, the relay writes
   * each upstream chunk's events to it itself: a Readable in between costs a push, a 'data' event
   * and a read-more tick per chunk. Backpressure and the end are the pipe's: a full destination
   * pauses the upstream until it drains, and the destination is ended after the last event.
   * Anything else (a second destination, a reader already attached, data already buffered) gets
   * Readable's own pipe.
   */
  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    if (this.#sink !== undefined || options?.end === false || this.readableFlowing !== null || this.readableLength > 0 || this.listenerCount('data') > 0) {
      return super.pipe(destination, options);
    }
    this.#sink = destination;
    destination.on('drain', this.#resumeSource);
    return destination;
  }

  override unpipe(destination?: NodeJS.WritableStream): this {
    const sink = this.#sink;
    if (sink !== undefined && (destination === undefined || destination === sink)) {
      sink.removeListener('drain', this.#resumeSource);
      this.#sink = undefined;
      return this;
    }
    return super.unpipe(destination);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.#idle);
    this.#ended = true;
    this.#source.destroy();
    callback(err);
  }

  #onData(chunk: Buffer): void {
    if (this.#ended) return;
    try {
      this.#framer.push(chunk);
    } catch (err) {
      // Frames completed before the oversized one were delivered; send them, then fail.
      this.#flushOut();
      this.#source.destroy();
      this.#finish(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.#flushOut();
  }

  #relayFrame(frame: SseFrame): void {
    if (frame.kind !== 'event') {
      this.#out.push(frame.raw);
      return;
    }
    // A last event without its blank line is complete once the body ended cleanly: close it.
    const raw = frame.terminated ? frame.raw : Buffer.concat([frame.raw, EVENT_END]);
    // Each search here is a native call per event, twenty-odd events a stream: a JSON chunk (data
    // starting with `{`) is never [DONE], and "usage" is searched for once.
    if (frame.firstDataByte !== OPEN_BRACE && raw.includes(DONE) && frame.data.trim() === '[DONE]') {
      this.#sawDone = true;
      this.#out.push(raw);
      return;
    }
    // Where OpenAI and vLLM put it, last in the object: `,"usage":null}` then the blank line.
    // Checked byte by byte in place, it costs no search (a native call per event).
    const tail = compactNullUsageAtEnd(raw);
    const usageAt = tail === -1 ? raw.indexOf(USAGE_KEY) : tail + 1;
    if (usageAt === -1) {
      this.#send(raw);
      return;
    }
    // With injected usage every chunk carries "usage":null; only the one with a value needs
    // parsing. (Unescaped quotes cannot occur inside a JSON string, so this never matches content.)
    // The compact form (what OpenAI and vLLM send) is cut from the bytes, never decoded.
    const compact = isCompactNullUsage(raw, usageAt) ? usageAt - 1 : raw.indexOf(COMPACT_NULL_USAGE, usageAt);
    if (compact !== -1) {
      if (!this.#options.hideUsage) return this.#send(raw);
      // In place: these bytes are the relay's alone (the upstream's chunk, read by no one else,
      // or the framer's copy), and one view of them costs less than two views and a join.
      const end = raw.length - COMPACT_NULL_USAGE.length;
      raw.copyWithin(compact, compact + COMPACT_NULL_USAGE.length);
      this.#send(raw.subarray(0, end));
      return;
    }
    const data = frame.data;
    if (HAS_NULL_USAGE.test(data)) {
      this.#send(this.#options.hideUsage ? frame.withData(data.replace(NULL_USAGE, '')) : raw);
      return;
    }
    const event = parseOpenAiStreamEvent(frame);
    const usage = event.parts.find((part) => part.kind === 'usage');
    const json = event.json;
    const value: unknown = json !== null && typeof json === 'object' ? Reflect.get(json, 'usage') : undefined;
    if (usage !== undefined && value !== undefined) {
      this.#held = undefined;
      this.#options.onUsage(value);
    }
    if (!this.#options.hideUsage || usage === undefined) {
      this.#send(raw);
      return;
    }
    const choices: unknown = json !== null && typeof json === 'object' ? Reflect.get(json, 'choices') : undefined;
    // The usage-only chunk the client did not ask for is not sent at all.
    if (Array.isArray(choices) && choices.length === 0) return;
    event.removeUsage();
    this.#send(event.toBytes());
  }

  /** Relays an event's bytes, held as well while usage has not shown up. */
  #send(bytes: Buffer): void {
    this.#out.push(bytes);
    if (this.#held === undefined || this.#heldBytes > (this.#options.maxHeldBytes ?? Infinity)) return;
    this.#heldBytes += bytes.length;
    this.#held.push(bytes);
  }

  /** The text a stream without usage generated, framed and decoded only now that it is known to be needed. */
  #reportNoUsage(): void {
    const held = this.#held;
    const report = this.#options.onNoUsage;
    this.#held = undefined;
    if (held === undefined || report === undefined) return;
    let text = '';
    const framer = new SseFramer({
      onFrame: (frame) => {
        if (frame.kind !== 'event') return;
        for (const part of parseOpenAiStreamEvent(frame).parts) {
          if (part.kind === 'text' || part.kind === 'reasoning') text += part.text;
          else if (part.kind === 'tool-call') text += (part.name ?? '') + (part.argumentsDelta ?? '');
        }
      },
    });
    for (const bytes of held) framer.push(bytes);
    report(text);
  }

  #flushOut(): void {
    const out = this.#out;
    if (out.length === 0 || this.#ended) return;
    this.#out = [];
    if (!this.#sentFirstByte) {
      this.#sentFirstByte = true;
      this.#options.onFirstByte();
    }
    // One write per upstream chunk, however many events it held.
    const first = out[0];
    if (!this.#emit(out.length === 1 && first !== undefined ? first : Buffer.concat(out))) this.#source.pause();
  }

  /** To the sink when piped straight into one, else onto the Readable side. */
  #emit(bytes: Buffer): boolean {
    const sink = this.#sink;
    return sink === undefined ? this.push(bytes) : sink.write(bytes);
  }

  #finish(err: Error | undefined): void {
    clearTimeout(this.#idle);
    if (this.#ended) return;
    if (err === undefined) {
      // The last event may lack its blank line; it is complete once the body ended cleanly.
      try {
        this.#framer.end();
      } catch {
        // Nothing more to deliver.
      }
      this.#flushOut();
    }
    this.#ended = true;
    this.#reportNoUsage();
    if (err !== undefined || (this.#options.requireDone && !this.#sawDone)) {
      const reason =
        err instanceof SseEventTooLargeError
          ? `an upstream event exceeded ${err.limitBytes} bytes`
          : err === undefined
            ? 'the upstream ended the stream before [DONE]'
            : 'the upstream connection failed mid-stream';
      this.#emit(this.#options.failureEvent(reason, err));
    }
    this.#sink?.end();
    this.push(null);
  }
}

/** `,"usage":null` where `"usage"` was found at `at`. */
function isCompactNullUsage(raw: Buffer, at: number): boolean {
  if (raw[at - 1] !== COMMA) return false;
  const value = at + USAGE_KEY.length;
  for (let i = 0; i < NULL_VALUE.length; i++) if (raw[value + i] !== NULL_VALUE[i]) return false;
  return true;
}

/** Where `,"usage":null` starts when the event's bytes end with `,"usage":null}\n\n`, else -1. */
function compactNullUsageAtEnd(raw: Buffer): number {
  const close = raw.length - 3;
  if (close < COMPACT_NULL_USAGE.length || raw[close] !== CLOSE_BRACE || raw[close + 1] !== LF || raw[close + 2] !== LF) return -1;
  const start = close - COMPACT_NULL_USAGE.length;
  for (let i = 0; i < COMPACT_NULL_USAGE.length; i++) if (raw[start + i] !== COMPACT_NULL_USAGE[i]) return -1;
  return start;
}
