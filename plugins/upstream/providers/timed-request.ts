import { errors as undiciErrors, type Dispatcher } from 'undici';
import { UpstreamUnreachableError, type UpstreamCall } from './provider-contract.js';
import { toUnreachable } from './to-unreachable.js';
import { Cancellation } from '../../../core/pipeline/cancellation.js';

export interface TimedRequest {
  readonly url: string;
  readonly method: Dispatcher.HttpMethod;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer | null;
  readonly dispatcher: Dispatcher;
}

/**
 * One upstream call with the attempt's timeouts, shared by every adapter: time to first byte on a
 * native timer (undici's own headersTimeout is coarse and stays only as a backstop; the idle
 * timeout is enforced by whoever reads the body), aborted with the request, and every failure
 * mapped to one UpstreamUnreachableError kind. The body gets an error listener at once: Koa
 * destroys a relayed body when the client leaves, and that error, unhandled, kills the process.
 */
export async function timedRequest(call: UpstreamCall, target: TimedRequest): Promise<Dispatcher.ResponseData> {
  // One cancellation per attempt, following the request's: undici takes it as a signal, and it
  // costs a fraction of an AbortController (let alone AbortSignal.any) on Node 20.
  // It stays linked after the headers: the client leaving must still abort the body.
  const { cancellation: attempt } = Cancellation.following(call.signal);
  let timedOut = false;
  const headersTimer = setTimeout(() => {
    timedOut = true;
    attempt.abort(new undiciErrors.HeadersTimeoutError());
  }, call.timeouts.headersMs);
  try {
    const url = new URL(target.url);
    // The dispatcher's own request(), with options of one shape: undici's top-level request()
    // copies them as `{ ...opts, origin, path }`, and on Node 20 a spread followed by new keys
    // makes a new hidden class per call, so every read of them in undici misses V8's caches
    // (about 36k instructions a request under callgrind).
    const res = await target.dispatcher.request({
      origin: url.origin,
      path: url.search === '' ? url.pathname : `${url.pathname}${url.search}`,
      method: target.method,
      headers: target.headers,
      body: target.body,
      signal: attempt,
      headersTimeout: call.timeouts.headersMs * 2,
      bodyTimeout: call.timeouts.idleMs * 2,
    });
    res.body.on('error', () => undefined);
    return res;
  } catch (err) {
    if (timedOut) throw toUnreachable(new undiciErrors.HeadersTimeoutError());
    // Undici rejects with the abort reason itself (whatever the client's signal carried).
    if (attempt.aborted) throw new UpstreamUnreachableError('upstream request aborted', 'aborted', { cause: err });
    throw toUnreachable(err);
  } finally {
    clearTimeout(headersTimer);
  }
}
