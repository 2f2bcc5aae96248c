/**
 * What a request's cancellation needs of an AbortSignal, and what undici accepts as one: the flag,
 * the reason, and an abort listener. A real AbortSignal satisfies it.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { readonly once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * An AbortController for the request path at a fraction of its cost. On Node 20 each
 * AbortController costs several microseconds (an EventTarget, weak references for GC), and a
 * request made three (the client's, the total deadline, the attempt): a large part of what the
 * gateway added per request. This one is a flag, a reason and an array. Code that needs a real
 * AbortSignal (AbortSignal.any, fetch, timers/promises) asks `asAbortSignal()`, made once, on use.
 */
export class Cancellation implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | undefined;
  private real: AbortController | undefined;

  /** A cancellation that also aborts when `parent` does (with its reason); `unlink()` stops following. */
  static following(parent: CancelSignal): { readonly cancellation: Cancellation; readonly unlink: () => void } {
    const child = new Cancellation();
    if (parent.aborted) {
      child.abort(parent.reason);
      return { cancellation: child, unlink: () => undefined };
    }
    const follow = (): void => child.abort(parent.reason);
    parent.addEventListener('abort', follow, { once: true });
    return { cancellation: child, unlink: () => parent.removeEventListener('abort', follow) };
  }

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const listeners = this.listeners;
    this.listeners = undefined;
    this.real?.abort(this.reason);
    if (listeners === undefined) return;
    for (const listener of listeners) listener();
  }

  /** Listeners run once, on abort; `once` is accepted for AbortSignal compatibility (always true). */
  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return;
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (listeners === undefined) return;
    const index = listeners.indexOf(listener);
    if (index !== -1) listeners.splice(index, 1);
  }

  /** A real AbortSignal that aborts with this cancellation (created on the first call). */
  asAbortSignal(): AbortSignal {
    if (this.real === undefined) {
      this.real = new AbortController();
      if (this.aborted) this.real.abort(this.reason);
    }
    return this.real.signal;
  }
}

/** The AbortSignal behind a CancelSignal: itself when it is one. */
export function abortSignalOf(signal: CancelSignal): AbortSignal {
  return signal instanceof AbortSignal ? signal : signal instanceof Cancellation ? signal.asAbortSignal() : linkedAbortSignal(signal);
}

function linkedAbortSignal(signal: CancelSignal): AbortSignal {
  const controller = new AbortController();
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  return controller.signal;
}
