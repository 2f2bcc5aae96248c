import { Cancellation, type CancelSignal } from '../../../core/pipeline/cancellation.js';

/**
 * The request's cancellation, also aborted once `ms` have passed (a DOMException named
 * TimeoutError, as AbortSignal.timeout gives). Linked by one listener and one timer that `clear`
 * stops: AbortSignal.any([signal, AbortSignal.timeout(ms)]) costs many times more per request on
 * Node 20 (AbortControllers, weak references kept until GC), and its timer outlives the response.
 */
export function totalDeadline(signal: CancelSignal, ms: number): { readonly signal: CancelSignal; readonly clear: () => void } {
  if (ms <= 0) return { signal, clear: () => undefined };
  const { cancellation, unlink } = Cancellation.following(signal);
  const timer = setTimeout(() => cancellation.abort(new DOMException(`No complete answer within ${ms} ms.`, 'TimeoutError')), ms);
  timer.unref();
  return {
    signal: cancellation,
    clear: () => {
      clearTimeout(timer);
      unlink();
    },
  };
}
