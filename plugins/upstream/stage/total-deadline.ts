/**
 * The request's signal, also aborted once `ms` have passed (a DOMException named TimeoutError, as
 * AbortSignal.timeout gives). Linked by one listener and one timer that `clear` stops: on Node 20
 * AbortSignal.any([signal, AbortSignal.timeout(ms)]) costs several times more per request (weak
 * references kept until GC), and its timer outlives the response.
 */
export function totalDeadline(signal: AbortSignal, ms: number): { readonly signal: AbortSignal; readonly clear: () => void } {
  if (ms <= 0) return { signal, clear: () => undefined };
  const deadline = new AbortController();
  const follow = (): void => deadline.abort(signal.reason);
  if (signal.aborted) follow();
  else signal.addEventListener('abort', follow, { once: true });
  const timer = setTimeout(() => deadline.abort(new DOMException(`No complete answer within ${ms} ms.`, 'TimeoutError')), ms);
  timer.unref();
  return {
    signal: deadline.signal,
    clear: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', follow);
    },
  };
}
