import { createHash } from 'node:crypto';

/**
 * A short hash of a resolved config: what `x-config-version` carries, so a client (or a test) can
 * tell which config answered. Keys are sorted, so the same settings always give the same version.
 */
export function configVersionOf(config: unknown): string {
  return createHash('sha256').update(canonical(config)).digest('hex').slice(0, 12);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(Reflect.get(value, key))}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
