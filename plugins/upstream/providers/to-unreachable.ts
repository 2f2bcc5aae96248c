import { errors as undiciErrors } from 'undici';
import { UpstreamUnreachableError } from './provider-contract.js';

/**
 * A transport error from undici (or a connector, or the SSRF lookup) as the one kind every adapter
 * reports, so the stage's single classifier treats a connect timeout as a 504 and a refused
 * address as the worker's fault whatever protocol the worker speaks.
 */
export function toUnreachable(err: unknown): UpstreamUnreachableError {
  if (err instanceof UpstreamUnreachableError) return err;
  if (err instanceof undiciErrors.HeadersTimeoutError) return new UpstreamUnreachableError('upstream headers timeout', 'headers_timeout', { cause: err });
  if (err instanceof undiciErrors.ConnectTimeoutError) return new UpstreamUnreachableError('upstream connect timeout', 'connect_timeout', { cause: err });
  const name = err instanceof Error ? err.name : '';
  if (err instanceof undiciErrors.RequestAbortedError || name === 'AbortError' || name === 'TimeoutError') {
    return new UpstreamUnreachableError('upstream request aborted', 'aborted', { cause: err });
  }
  const code: unknown = err instanceof Error ? Reflect.get(err, 'code') : undefined;
  if (code === 'ESSRF') return new UpstreamUnreachableError('upstream address refused by the SSRF policy', 'ssrf', { cause: err });
  const kind = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' ? 'connect' : 'other';
  return new UpstreamUnreachableError(`upstream request failed (${typeof code === 'string' ? code : 'error'})`, kind, { cause: err });
}
