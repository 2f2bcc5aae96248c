import { SseFramer, type SseFramerOptions } from '../../core/streams/sse-framer.js';
import type { SseFrame } from '../../core/streams/sse-frame.js';

/** Frames `chunks` pushed one by one, then `end()`: every frame, in order. */
export function frameSse(chunks: readonly (Buffer | string)[], options: Omit<SseFramerOptions, 'onFrame'> = {}): SseFrame[] {
  const frames: SseFrame[] = [];
  const framer = new SseFramer({ ...options, onFrame: (frame) => frames.push(frame) });
  for (const chunk of chunks) framer.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  framer.end();
  return frames;
}

/** `bytes` cut at the given offsets. */
export function splitAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    parts.push(bytes.subarray(from, cut));
    from = cut;
  }
  parts.push(bytes.subarray(from));
  return parts;
}

/** A frame as plain data, for deep comparison (data read through the getter). */
export function describeFrame(frame: SseFrame): Record<string, unknown> {
  if (frame.kind === 'ignored') return { kind: 'ignored', raw: frame.raw.toString('latin1'), id: frame.id, retry: frame.retry, comments: [...frame.comments], terminated: frame.terminated };
  return {
    kind: 'event',
    raw: frame.raw.toString('latin1'),
    event: frame.event,
    data: frame.data,
    id: frame.id,
    lastEventId: frame.lastEventId,
    retry: frame.retry,
    comments: [...frame.comments],
    terminated: frame.terminated,
  };
}
