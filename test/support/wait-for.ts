import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` until it returns a truthy value or the deadline passes (then fails naming `what`).
 * For waiting on another process's state, never as a fixed sleep: the deadline is generous and
 * only ever reached when the awaited thing does not happen.
 */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, deadlineMs = 10_000, everyMs = 10): Promise<NonNullable<T>> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Until every data-plane request the gateway holds has fully finished, so what happens at the end
 * of a response (token debits, spend, usage metrics) has happened.
 */
export async function requestsSettled(app: { readonly generations: { readonly current: { readonly inFlight: number } } }): Promise<void> {
  await waitFor("in-flight requests to finish", () => app.generations.current.inFlight === 0);
}
