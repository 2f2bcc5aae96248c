/** A JSON object (not null, not an array): the guard every untrusted JSON value goes through. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
