import { isJsonObject } from './is-json-object.js';
import type { JsonPath } from './locate-json-value.js';
import type { OpenAiInBandError, OpenAiPart, OpenAiToolCallPart } from './openai-parts.js';
import { parseOpenAiUsage } from './parse-openai-usage.js';

export interface CollectedOpenAiParts {
  readonly parts: OpenAiPart[];
  /** Per part, where its text sits in the JSON: set for text and reasoning parts only. */
  readonly textPaths: (JsonPath | undefined)[];
}

/** Top-level fields that frame a completion rather than carry any of it. */
const ENVELOPE = new Set(['id', 'object', 'created', 'model', 'system_fingerprint', 'service_tier']);
const REASONING_FIELDS = new Set(['reasoning_content', 'reasoning']);

/**
 * The parts of one OpenAI-compatible chat/text completion, chunk (`delta`) or whole response
 * (`message`), in the order the JSON holds them. `value` is untrusted JSON.
 */
export function collectOpenAiParts(value: unknown): CollectedOpenAiParts {
  const parts: OpenAiPart[] = [];
  const textPaths: (JsonPath | undefined)[] = [];
  const add = (part: OpenAiPart, path?: JsonPath): void => {
    parts.push(part);
    textPaths.push(path);
  };
  if (!isJsonObject(value)) {
    add({ kind: 'other', field: '', value });
    return { parts, textPaths };
  }
  if (value['object'] === 'error') {
    add({ kind: 'error', error: readError(value) });
    return { parts, textPaths };
  }
  for (const [key, field] of Object.entries(value)) {
    if (ENVELOPE.has(key) || field === null) continue;
    if (key === 'choices' && Array.isArray(field)) {
      field.forEach((choice: unknown, position) => collectChoice(choice, position, add));
    } else if (key === 'usage') {
      const usage = parseOpenAiUsage(field);
      add(usage === undefined ? { kind: 'other', field: key, value: field } : { kind: 'usage', usage });
    } else if (key === 'error') {
      add({ kind: 'error', error: readError(field) });
    } else {
      add({ kind: 'other', field: key, value: field });
    }
  }
  return { parts, textPaths };
}

type Add = (part: OpenAiPart, path?: JsonPath) => void;

function collectChoice(choice: unknown, position: number, add: Add): void {
  if (!isJsonObject(choice)) {
    add({ kind: 'other', field: 'choices', value: choice });
    return;
  }
  const index = choice['index'];
  const number = typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? index : position;
  for (const [key, field] of Object.entries(choice)) {
    if (key === 'index' || field === null) continue;
    if ((key === 'delta' || key === 'message') && isJsonObject(field)) {
      collectMessage(field, number, ['choices', position, key], add);
    } else if (key === 'text' && typeof field === 'string') {
      add({ kind: 'text', choice: number, text: field }, ['choices', position, key]);
    } else if (key === 'finish_reason' && typeof field === 'string') {
      add({ kind: 'finish', choice: number, reason: field });
    } else {
      add({ kind: 'other', choice: number, field: key, value: field });
    }
  }
}

function collectMessage(message: Record<string, unknown>, choice: number, path: JsonPath, add: Add): void {
  const container = String(path[path.length - 1]);
  for (const [key, field] of Object.entries(message)) {
    if (field === null) continue;
    if (key === 'content' && typeof field === 'string') {
      add({ kind: 'text', choice, text: field }, [...path, key]);
    } else if (REASONING_FIELDS.has(key) && typeof field === 'string') {
      add({ kind: 'reasoning', choice, text: field }, [...path, key]);
    } else if (key === 'tool_calls' && Array.isArray(field)) {
      field.forEach((call: unknown, position) => add(readToolCall(call, position, choice) ?? { kind: 'other', choice, field: `${container}.${key}`, value: call }));
    } else {
      add({ kind: 'other', choice, field: `${container}.${key}`, value: field });
    }
  }
}

function readToolCall(call: unknown, position: number, choice: number): OpenAiToolCallPart | undefined {
  if (!isJsonObject(call)) return undefined;
  const index = call['index'];
  const id = call['id'];
  const fn = isJsonObject(call['function']) ? call['function'] : {};
  const name = fn['name'];
  const args = fn['arguments'];
  return {
    kind: 'tool-call',
    choice,
    index: typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? index : position,
    ...(typeof id === 'string' ? { id } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof args === 'string' ? { argumentsDelta: args } : {}),
  };
}

function readError(error: unknown): OpenAiInBandError {
  if (typeof error === 'string') return { message: error, value: error };
  if (!isJsonObject(error)) return { value: error };
  const message = error['message'];
  const type = error['type'];
  const code = error['code'];
  return {
    ...(typeof message === 'string' ? { message } : {}),
    ...(typeof type === 'string' ? { type } : {}),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    value: error,
  };
}
