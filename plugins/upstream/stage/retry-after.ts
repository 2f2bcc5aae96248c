/** The longest pause a worker may ask for; beyond it the worker would silently leave rotation. */
const MAX_PAUSE_MS = 60_000;

/**
 * A `Retry-After` value (delay-seconds or an HTTP-date) in milliseconds from `now`, capped; undefined
 * when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.min(MAX_PAUSE_MS, Math.round(Number(text) * 1000));
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(MAX_PAUSE_MS, Math.max(0, at - now));
}
