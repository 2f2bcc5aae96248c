import type { Readable } from 'node:stream';
import type { GatewayContext } from './gateway-context.js';

/**
 * Sends a streamed answer with a plain pipe instead of Koa's `Stream.pipeline`, which gives every
 * response an AbortController and, at its end, a DOMException with a stack trace: a measurable
 * share of each streamed request's CPU (issue 11). What pipeline did that a pipe does not is done
 * here: a body that fails cuts the response (the client sees a broken stream, never a clean end),
 * and a response that closes first — client gone, or ended by a drain — destroys the body.
 */
export function sendStream(ctx: GatewayContext, body: Readable): void {
  ctx.respond = false;
  const res = ctx.res;
  if (ctx.response.get('content-type') === '') ctx.type = 'bin';
  body.once('error', () => res.destroy());
  res.once('close', () => {
    if (!body.destroyed) body.destroy();
  });
  body.pipe(res);
}
