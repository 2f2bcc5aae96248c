import { isJsonObject } from '../streams/is-json-object.js';

/**
 * A partial config laid over another, as `/admin/config/update` and `config.sync` layer theirs:
 * objects merge key by key, anything else (arrays included) replaces, and `null` removes the key.
 * Neither input is modified.
 */
export function mergeConfig(base: unknown, over: unknown): unknown {
  if (!isJsonObject(base) || !isJsonObject(over)) return over === null ? undefined : structuredClone(over);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (value === null) delete out[key];
    else out[key] = Object.hasOwn(base, key) ? mergeConfig(base[key], value) : structuredClone(value);
  }
  return out;
}
