/**
 * `{ ...a, ...b }` for objects made on every request. On Node 20 a literal that starts with a
 * spread and then adds keys gets a hidden class of its own each time it runs, so every later read
 * of the result (undici reading headers, JSON.stringify, …) misses V8's inline caches. Assigning
 * into a fresh `{}` walks the usual transitions and reuses one hidden class per key order.
 */
export function mergeObjects<V>(...parts: readonly (Readonly<Record<string, V>> | undefined)[]): Record<string, V> {
  const merged: Record<string, V> = {};
  for (const part of parts) Object.assign(merged, part);
  return merged;
}
