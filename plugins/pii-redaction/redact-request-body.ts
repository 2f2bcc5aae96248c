import type { JsonObject, UpstreamOperation } from '../../core/pipeline/exchange.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import { decodeJsonEscapes } from './json-escape-decoder.js';

/** Rewrites one text of the request (a message, a content part, tool arguments, a prompt…). */
export type RewriteText = (text: string) => string;

/**
 * Every text a request sends the model, rewritten by `rewrite`; the body is copied along the
 * rewritten paths only (the validated original is never modified) and returned as is when no
 * text changed. Covers chat messages (string content, every content part with a `text`, a tool
 * result's content, assistant tool-call and function-call arguments), completion prompts and
 * embedding inputs. Passthrough bodies are not read (their shape is the provider's).
 */
export function redactRequestBody(operation: UpstreamOperation, body: JsonObject, rewrite: RewriteText): JsonObject {
  switch (operation) {
    case 'chat.completions':
      return withField(body, 'messages', mapArray(body['messages'], (message) => redactMessage(message, rewrite)));
    case 'completions':
      return withField(body, 'prompt', redactStringOrStrings(body['prompt'], rewrite));
    case 'embeddings':
      return withField(body, 'input', redactStringOrStrings(body['input'], rewrite));
    case 'passthrough':
      return body;
  }
}

function redactMessage(message: unknown, rewrite: RewriteText): unknown {
  if (!isJsonObject(message)) return message;
  let out: JsonObject = withField(message, 'content', redactContent(message['content'], rewrite));
  out = withField(out, 'tool_calls', mapArray(out['tool_calls'], (call) => redactFunctionCall(call, rewrite)));
  // The legacy single `function_call` of an assistant message carries arguments the same way.
  const legacy = out['function_call'];
  if (isJsonObject(legacy)) out = withField(out, 'function_call', withField(legacy, 'arguments', redactJsonArguments(legacy['arguments'], rewrite)));
  return out;
}

/** A string, or content parts: every part with a string `text` (text, input_text, output_text …). */
function redactContent(content: unknown, rewrite: RewriteText): unknown {
  if (typeof content === 'string') return rewrite(content);
  return mapArray(content, (part) => (isJsonObject(part) ? withField(part, 'text', redactString(part['text'], rewrite)) : part));
}

function redactFunctionCall(call: unknown, rewrite: RewriteText): unknown {
  if (!isJsonObject(call)) return call;
  const fn = call['function'];
  if (!isJsonObject(fn)) return call;
  // Arguments are JSON text; placeholders like <EMAIL> contain no quote or backslash, so a value
  // replaced inside a JSON string keeps the arguments valid JSON.
  return withField(call, 'function', withField(fn, 'arguments', redactJsonArguments(fn['arguments'], rewrite)));
}

/**
 * JSON arguments, read with their needless escapes written out (`jane\u0040example.com` is an
 * email); sent as they came when nothing in them was rewritten.
 */
export function redactJsonArguments(value: unknown, rewrite: RewriteText): unknown {
  if (typeof value !== 'string') return value;
  const decoded = decodeJsonEscapes(value);
  const out = rewrite(decoded);
  return out === decoded ? value : out;
}

function redactString(value: unknown, rewrite: RewriteText): unknown {
  return typeof value === 'string' ? rewrite(value) : value;
}

/** `prompt` / `input`: a string or an array of strings (token-id arrays are left alone). */
function redactStringOrStrings(value: unknown, rewrite: RewriteText): unknown {
  if (typeof value === 'string') return rewrite(value);
  return mapArray(value, (item) => redactString(item, rewrite));
}

/** The array with each item mapped; the same array when no item changed; non-arrays as they are. */
export function mapArray(value: unknown, map: (item: unknown) => unknown): unknown {
  if (!Array.isArray(value)) return value;
  const items: readonly unknown[] = value;
  let out: unknown[] | undefined;
  items.forEach((item, index) => {
    const next = map(item);
    if (next !== item) (out ??= [...items])[index] = next;
  });
  return out ?? items;
}

/** The object with `key` set to `next`; the same object when nothing changed. */
export function withField(object: JsonObject, key: string, next: unknown): JsonObject {
  if (object[key] === next) return object;
  return { ...object, [key]: next };
}
