import { isJsonObject } from '../streams/is-json-object.js';

/**
 * Reading untrusted JSON (request and upstream bodies, stream events) without casts: each helper
 * narrows one value and answers something safe when it is not what was hoped for.
 */
export type JsonRecord = Readonly<Record<string, unknown>>;

const EMPTY: JsonRecord = Object.freeze({});

/** The value when it is a JSON object, else an empty one. */
export function recordOf(value: unknown): JsonRecord {
  return isJsonObject(value) ? value : EMPTY;
}

/** The JSON objects of an array (anything else in it, or a non-array, gives none). */
export function recordsOf(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** A string field, or the fallback when it is anything else. */
export function stringOr(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/** A token count or similar: a non-negative safe integer, else 0. */
export function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}
