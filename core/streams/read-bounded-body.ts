import type { Readable } from 'node:stream';

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`body exceeds ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** What `for await` over a stream destroyed before its end throws, so callers see the same error. */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/**
 * Reads a whole body that is known to be bounded, destroying it once it passes the limit, or when
 * it goes silent for `idle.ms` (destroyed with `idle.error()`). `overLimit: 'stop'` stops reading
 * instead of destroying: a server's request body, whose socket must stay open for the 413 (Node
 * detaches the socket before destroying a server request for the same reason).
 *
 * Every request reads two such bodies (the client's, the worker's), so this listens for events
 * rather than iterating with `for await`: the stream's async iterator builds a generator, an
 * end-of-stream watcher with its own listeners and a promise per read, several microseconds a
 * body on the request path (issue 11). The outcome is the same: the body, its error, or a
 * premature-close error when it is destroyed before its end.
 */
export function readBoundedBody(body: Readable, limitBytes: number, idle?: { ms: number; error: () => Error }, overLimit: 'destroy' | 'stop' = 'destroy'): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    if (body.readableEnded) return resolve(Buffer.alloc(0));
    if (body.destroyed) return reject(body.errored ?? prematureClose());
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = idle === undefined ? undefined : setTimeout(() => body.destroy(idle.error()), idle.ms);
    const settle = (err: Error | undefined): void => {
      clearTimeout(timer);
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', settle);
      body.off('close', onClose);
      if (err !== undefined) reject(err);
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer | string): void => {
      timer?.refresh();
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limitBytes) {
        settle(new BodyTooLargeError(limitBytes));
        if (overLimit === 'destroy') body.destroy();
        else body.pause();
        return;
      }
      chunks.push(buf);
    };
    const onEnd = (): void => settle(undefined);
    const onClose = (): void => settle(body.errored ?? prematureClose());
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', settle);
    body.once('close', onClose);
    // A body someone paused stays paused when a 'data' listener is added; `for await` read it anyway.
    body.resume();
  });
}
