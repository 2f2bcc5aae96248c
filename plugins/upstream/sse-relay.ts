import { Readable } from 'node:stream';

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
  /** The in-band event sent when the upstream fails or ends before `[DONE]`. */
  readonly failureEvent: (reason: string, err: Error | undefined) => Buffer;
}

const LF = 0x0a;
const CR = 0x0d;
const DONE = Buffer.from('data: [DONE]');
const USAGE_KEY = Buffer.from('"usage"');
const HAS_NULL_USAGE = /"usage"\s*:\s*null/;
const NULL_USAGE = /,\s*"usage"\s*:\s*null|"usage"\s*:\s*null\s*,?/g;

/**
 * Relays an upstream SSE body event by event: each complete event is forwarded as soon as it
 * arrives (never the whole stream), usage is read on the way, and a failure or an end without
 * `[DONE]` becomes an in-band error event rather than a clean end that looks like success.
 * Only events that mention "usage" are decoded; the rest pass through as the upstream's bytes.
 */
export class SseRelay extends Readable {
  readonly #source: Readable;
  readonly #options: SseRelayOptions;
  #pending: Buffer | undefined;
  #sawDone = false;
  #ended = false;
  #sentFirstByte = false;
  /** One timer per stream, re-armed per chunk with refresh() (no allocation per chunk). */
  readonly #idle: NodeJS.Timeout | undefined;

  constructor(source: Readable, options: SseRelayOptions) {
    super();
    this.#source = source;
    this.#options = options;
    this.#idle = options.idleMs > 0 ? setTimeout(() => source.destroy(options.idleError()), options.idleMs) : undefined;
    source.on('data', (chunk: Buffer) => {
      this.#idle?.refresh();
      this.#onData(chunk);
    });
    source.once('end', () => this.#finish(undefined));
    source.once('error', (err: Error) => this.#finish(err));
    source.once('close', () => this.#finish(new Error('upstream connection closed')));
  }

  override _read(): void {
    this.#source.resume();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.#idle);
    this.#ended = true;
    this.#source.destroy();
    callback(err);
  }

  #onData(chunk: Buffer): void {
    const buf = this.#pending === undefined ? chunk : Buffer.concat([this.#pending, chunk]);
    const out: Buffer[] = [];
    let start = 0;
    for (let end = findEventEnd(buf, start); end !== -1; end = findEventEnd(buf, start)) {
      const event = this.#relayEvent(buf.subarray(start, end));
      if (event !== undefined) out.push(event);
      start = end;
    }
    this.#pending = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
    this.#emit(out);
  }

  #relayEvent(event: Buffer): Buffer | undefined {
    if (event.includes(DONE)) {
      this.#sawDone = true;
      return event;
    }
    if (!event.includes(USAGE_KEY)) return event;
    const text = event.toString('utf8');
    // With injected usage every chunk carries "usage":null; only the one with a value needs
    // parsing. (Unescaped quotes cannot occur inside a JSON string, so this never matches content.)
    if (HAS_NULL_USAGE.test(text)) return this.#options.hideUsage ? Buffer.from(text.replace(NULL_USAGE, '')) : event;
    const data = parseEventData(text);
    if (data === undefined) return event;
    const usage = data['usage'];
    if (usage !== null && usage !== undefined) this.#options.onUsage(usage);
    if (!this.#options.hideUsage || usage === null || usage === undefined) return event;
    const choices = data['choices'];
    if (Array.isArray(choices) && choices.length === 0) return undefined;
    delete data['usage'];
    return Buffer.from(`data: ${JSON.stringify(data)}\n\n`);
  }

  #emit(out: Buffer[]): void {
    if (out.length === 0 || this.#ended) return;
    if (!this.#sentFirstByte) {
      this.#sentFirstByte = true;
      this.#options.onFirstByte();
    }
    if (!this.push(out.length === 1 ? out[0] : Buffer.concat(out))) this.#source.pause();
  }

  #finish(err: Error | undefined): void {
    clearTimeout(this.#idle);
    if (this.#ended) return;
    if (err === undefined && this.#pending !== undefined) {
      // The last event may lack its blank line; it is complete once the body ended cleanly.
      const last = this.#relayEvent(Buffer.concat([this.#pending, Buffer.from('\n\n')]));
      this.#pending = undefined;
      this.#emit(last === undefined ? [] : [last]);
    }
    this.#ended = true;
    if (err !== undefined || (this.#options.requireDone && !this.#sawDone)) {
      const reason = err === undefined ? 'the upstream ended the stream before [DONE]' : 'the upstream connection failed mid-stream';
      this.push(this.#options.failureEvent(reason, err));
    }
    this.push(null);
  }
}

/** Index just past the blank line ending the first event at or after `from`, or -1. */
function findEventEnd(buf: Buffer, from: number): number {
  let i = buf.indexOf(LF, from);
  while (i !== -1) {
    const next = buf[i + 1];
    if (next === LF) return i + 2;
    if (next === CR && buf[i + 2] === LF) return i + 3;
    i = buf.indexOf(LF, i + 1);
  }
  return -1;
}

function parseEventData(text: string): Record<string, unknown> | undefined {
  const data = text
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trimStart())
    .join('\n');
  try {
    const value: unknown = JSON.parse(data);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
