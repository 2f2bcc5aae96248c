import type { Readable } from 'node:stream';

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`body exceeds ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a whole body that is known to be bounded, destroying it once it passes the limit, or when
 * it goes silent for `idle.ms` (destroyed with `idle.error()`).
 */
export async function readBoundedBody(body: Readable, limitBytes: number, idle?: { ms: number; error: () => Error }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const timer = idle === undefined ? undefined : setTimeout(() => body.destroy(idle.error()), idle.ms);
  try {
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      timer?.refresh();
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limitBytes) {
        body.destroy();
        throw new BodyTooLargeError(limitBytes);
      }
      chunks.push(buf);
    }
  } finally {
    clearTimeout(timer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}
