/** A string field of an untrusted JSON value, or the fallback when it is anything else. */
export function stringOr(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}
