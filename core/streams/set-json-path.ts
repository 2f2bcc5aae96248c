import { isJsonObject } from './is-json-object.js';
import type { JsonPath } from './locate-json-value.js';

/**
 * `root` with the value at `path` replaced, copying only the objects and arrays along the path
 * (the input is never changed; keys keep their order). Throws when the path does not exist.
 */
export function setJsonPath(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [step, ...rest] = path;
  if (typeof step === 'number') {
    if (!isJsonArray(root) || step < 0 || step >= root.length) throw new RangeError(`no element ${step} on the JSON path`);
    const copy: unknown[] = [...root];
    copy[step] = setJsonPath(copy[step], rest, value);
    return copy;
  }
  if (step === undefined || !isJsonObject(root) || !Object.hasOwn(root, step)) throw new RangeError(`no member ${String(step)} on the JSON path`);
  return { ...root, [step]: setJsonPath(root[step], rest, value) };
}

function isJsonArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}
