import { PassThrough, Transform, type Readable } from 'node:stream';
import type { TransformChain } from '../../core/streams/transform-chain.js';
import { transformSseStream } from '../../core/streams/transform-stream.js';

/**
 * The gateway's SSE transform (core/streams) driven one Envoy chunk at a time: Envoy answers each
 * `response_body` message with the bytes that replace that chunk, so every chunk in yields what
 * the transforms let out by then (maybe nothing: a frame cut in two, text a transform holds back).
 */
export class SseChunkRelay {
  readonly #transform: Transform;
  #out: Buffer[] = [];
  #failed: Error | undefined;
  readonly #ended: Promise<void>;

  constructor(chain: TransformChain, onStopped: (reason: 'policy' | 'invalid_event') => void) {
    // The runner reads from a source it pipes; this relay writes to the runner directly instead, so
    // it knows when a chunk has been handled (the write's callback).
    const source: Readable = new PassThrough();
    const transform = transformSseStream(source, chain, { onStopped });
    if (!(transform instanceof Transform)) throw new Error('transformSseStream no longer returns its Transform; SseChunkRelay must change with it.');
    this.#transform = transform;
    this.#transform.on('data', (chunk: Buffer) => this.#out.push(chunk));
    this.#ended = new Promise<void>((resolve) => {
      this.#transform.once('end', resolve);
      this.#transform.once('close', resolve);
      this.#transform.once('error', (err: Error) => {
        this.#failed = err;
        resolve();
      });
    });
  }

  /** What replaces `chunk`. */
  async push(chunk: Buffer): Promise<Buffer> {
    if (!this.#transform.writableEnded && !this.#transform.destroyed) {
      await new Promise<void>((resolve) => this.#transform.write(chunk, () => resolve()));
      // 'data' of what the write produced may be queued on the next tick.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return this.#take();
  }

  /** What replaces the last chunk: its own output, then whatever the transforms released at the end. */
  async end(last: Buffer): Promise<Buffer> {
    const head = await this.push(last);
    if (!this.#transform.writableEnded) this.#transform.end();
    await this.#ended;
    if (this.#failed !== undefined) throw this.#failed;
    return Buffer.concat([head, this.#take()]);
  }

  /** The client is gone: transforms drop what they hold. */
  abort(): void {
    this.#transform.destroy();
  }

  #take(): Buffer {
    const out = Buffer.concat(this.#out);
    this.#out = [];
    return out;
  }
}
