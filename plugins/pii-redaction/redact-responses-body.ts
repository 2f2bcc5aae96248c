import type { JsonObject } from '../../core/pipeline/exchange.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import { mapArray, redactJsonArguments, withField, type RewriteText } from './redact-request-body.js';

/**
 * Every text an OpenAI Responses API request (`POST /v1/responses`) sends the model: `instructions`,
 * `input` as a string, or its items — messages (string content, or parts with a `text`:
 * input_text, output_text), function calls' `arguments` and function call outputs' `output`.
 * Copied along rewritten paths only; the same object when nothing changed.
 */
export function redactResponsesBody(body: JsonObject, rewrite: RewriteText): JsonObject {
  const instructions = body['instructions'];
  let out = typeof instructions === 'string' ? withField(body, 'instructions', rewrite(instructions)) : body;
  const input = out['input'];
  out = withField(out, 'input', typeof input === 'string' ? rewrite(input) : mapArray(input, (item) => redactItem(item, rewrite)));
  return out;
}

function redactItem(item: unknown, rewrite: RewriteText): unknown {
  if (!isJsonObject(item)) return item;
  let out: JsonObject = item;
  const content = out['content'];
  if (typeof content === 'string') out = withField(out, 'content', rewrite(content));
  else out = withField(out, 'content', mapArray(content, (part) => (isJsonObject(part) && typeof part['text'] === 'string' ? withField(part, 'text', rewrite(part['text'])) : part)));
  out = withField(out, 'arguments', redactJsonArguments(out['arguments'], rewrite));
  const output = out['output'];
  if (typeof output === 'string') out = withField(out, 'output', rewrite(output));
  return out;
}
