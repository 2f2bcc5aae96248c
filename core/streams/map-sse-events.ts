import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { SseEvent } from './sse-frame.js';
import { SseEventTooLargeError, SseFramer } from './sse-framer.js';

/** A mapper's last word: this text, then the output ends and the input is dropped. */
export interface FinalOutput {
  readonly final: string;
}

export interface SseEventMapper {
  /** Output for one input event (may be empty), or the final output when the input is broken. */
  onEvent(event: SseEvent): string | FinalOutput;
  /** Output when the input ends (a closing event, or an error if the input stopped short). */
  onEnd(): string;
  /** Output when an input event passes the size limit (the input is then dropped). */
  onTooLarge(limitBytes: number): string;
}

/**
 * Re-frames one SSE dialect as another, event by event, through the one framer (never the whole
 * stream): Anthropic ⇄ OpenAI streaming.
 */
export function mapSseEvents(source: Readable, mapper: SseEventMapper, maxEventBytes?: number): Readable {
  let out = '';
  let final = false;
  const framer = new SseFramer({
    onFrame: (frame) => {
      if (frame.kind !== 'event' || final) return;
      const mapped = mapper.onEvent(frame);
      if (typeof mapped === 'string') out += mapped;
      else {
        out += mapped.final;
        final = true;
      }
    },
    ...(maxEventBytes === undefined ? {} : { maxEventBytes }),
  });
  const take = (): string | undefined => {
    const text = out;
    out = '';
    return text === '' ? undefined : text;
  };
  const finishEarly = (stream: Transform): void => {
    source.unpipe(stream);
    source.destroy();
    const text = take();
    if (text !== undefined) stream.push(text);
    stream.push(null);
  };
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (final) return callback();
      try {
        framer.push(chunk);
      } catch (err) {
        if (!(err instanceof SseEventTooLargeError)) return callback(err instanceof Error ? err : new Error(String(err)));
        out += mapper.onTooLarge(err.limitBytes);
        final = true;
      }
      if (final) {
        finishEarly(this);
        return callback();
      }
      callback(null, take());
    },
    flush(callback: TransformCallback) {
      if (final) return callback();
      try {
        framer.end();
      } catch {
        // Nothing more to deliver.
      }
      if (!final) out += mapper.onEnd();
      callback(null, take());
    },
  });
  source.on('error', (err: Error) => transform.destroy(err));
  return source.pipe(transform);
}

/** One SSE event's text: `event:` (when named) and `data:` as JSON. */
export function sseEvent(event: string | undefined, data: unknown): string {
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`;
}
