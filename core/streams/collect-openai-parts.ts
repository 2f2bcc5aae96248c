import { isJsonObject } from './is-json-object.js';
import type { JsonPath } from './locate-json-value.js';
import { LEGACY_FUNCTION_CALL_INDEX, type OpenAiPart, type OpenAiToolCallPart } from './openai-parts.js';
import { parseOpenAiUsage } from './parse-openai-usage.js';
import { readOpenAiError } from './read-openai-error.js';

export interface CollectedOpenAiParts {
  readonly parts: OpenAiPart[];
  /** Per part, where its text sits in the JSON: set for text and reasoning parts, tool calls' string arguments and a choice's `logprobs`. */
  readonly textPaths: (JsonPath | undefined)[];
}

/**
 * The parts of one OpenAI-compatible chat/text completion, chunk (`delta`) or whole response
 * (`message`), in the order the JSON holds them. `value` is untrusted JSON.
 *
 * Runs once per stream event, so it walks keys with `for…in` (JSON.parse objects have no
 * inherited enumerable keys) and creates no closures: it costs about what JSON.parse does.
 */
export function collectOpenAiParts(value: unknown): CollectedOpenAiParts {
  const out: CollectedOpenAiParts = { parts: [], textPaths: [] };
  if (!isJsonObject(value)) {
    add(out, { kind: 'other', field: '', value });
    return out;
  }
  if (value['object'] === 'error') {
    add(out, { kind: 'error', error: readOpenAiError(value) });
    return out;
  }
  for (const key in value) {
    const field = value[key];
    if (field === null || field === undefined) continue;
    switch (key) {
      // The envelope frames a completion rather than carrying any of it.
      case 'id':
      case 'object':
      case 'created':
      case 'model':
      case 'system_fingerprint':
      case 'service_tier':
        continue;
      case 'choices':
        if (Array.isArray(field)) {
          for (let position = 0; position < field.length; position += 1) collectChoice(out, field[position], position);
          continue;
        }
        break;
      case 'usage': {
        const usage = parseOpenAiUsage(field);
        if (usage !== undefined) {
          add(out, { kind: 'usage', usage });
          continue;
        }
        break;
      }
      case 'error':
        add(out, { kind: 'error', error: readOpenAiError(field) });
        continue;
    }
    add(out, { kind: 'other', field: key, value: field });
  }
  return out;
}

function add(out: CollectedOpenAiParts, part: OpenAiPart, textPath?: JsonPath): void {
  out.parts.push(part);
  out.textPaths.push(textPath);
}

function collectChoice(out: CollectedOpenAiParts, choice: unknown, position: number): void {
  if (!isJsonObject(choice)) {
    add(out, { kind: 'other', field: 'choices', value: choice });
    return;
  }
  const index = choice['index'];
  const number = typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? index : position;
  for (const key in choice) {
    const field = choice[key];
    if (key === 'index' || field === null || field === undefined) continue;
    if ((key === 'delta' || key === 'message') && isJsonObject(field)) collectMessage(out, field, number, position, key);
    else if (key === 'text' && typeof field === 'string') add(out, { kind: 'text', choice: number, text: field }, ['choices', position, key]);
    else if (key === 'finish_reason' && typeof field === 'string') add(out, { kind: 'finish', choice: number, reason: field });
    // Where the logprobs sit, so a transform that changed this choice's text can clear them.
    else if (key === 'logprobs') add(out, { kind: 'other', choice: number, field: key, value: field }, ['choices', position, key]);
    else add(out, { kind: 'other', choice: number, field: key, value: field });
  }
}

function collectMessage(out: CollectedOpenAiParts, message: Record<string, unknown>, choice: number, position: number, container: string): void {
  for (const key in message) {
    const field = message[key];
    if (field === null || field === undefined) continue;
    if (key === 'content' && typeof field === 'string') {
      add(out, { kind: 'text', choice, text: field }, ['choices', position, container, key]);
    } else if ((key === 'reasoning_content' || key === 'reasoning') && typeof field === 'string') {
      // reasoning_content: vLLM, SGLang, DeepSeek; reasoning: newer vLLM, OpenRouter.
      add(out, { kind: 'reasoning', choice, text: field }, ['choices', position, container, key]);
    } else if (key === 'tool_calls' && Array.isArray(field)) {
      for (let i = 0; i < field.length; i += 1) {
        const call: unknown = field[i];
        const part = readToolCall(call, i, choice);
        if (part === undefined) add(out, { kind: 'other', choice, field: `${container}.${key}`, value: call });
        else add(out, part, part.argumentsDelta === undefined ? undefined : ['choices', position, container, key, i, 'function', 'arguments']);
      }
    } else if (key === 'function_call' && isJsonObject(field)) {
      // The deprecated single function call: the same part as a tool call, so its arguments get the same care.
      const part = readFunction(field, LEGACY_FUNCTION_CALL_INDEX, choice, undefined);
      add(out, part, part.argumentsDelta === undefined ? undefined : ['choices', position, container, key, 'arguments']);
    } else {
      add(out, { kind: 'other', choice, field: `${container}.${key}`, value: field });
    }
  }
}

function readToolCall(call: unknown, position: number, choice: number): OpenAiToolCallPart | undefined {
  if (!isJsonObject(call)) return undefined;
  const index = call['index'];
  const id = call['id'];
  const fn = isJsonObject(call['function']) ? call['function'] : {};
  return readFunction(fn, typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? index : position, choice, typeof id === 'string' ? id : undefined);
}

function readFunction(fn: Record<string, unknown>, index: number, choice: number, id: string | undefined): OpenAiToolCallPart {
  const name = fn['name'];
  const args = fn['arguments'];
  return {
    kind: 'tool-call',
    choice,
    index,
    ...(id === undefined ? {} : { id }),
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof args === 'string' ? { argumentsDelta: args } : {}),
  };
}
