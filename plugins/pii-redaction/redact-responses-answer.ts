import type { JsonObject } from '../../core/pipeline/exchange.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import { mapArray, withField, type RewriteText } from './redact-request-body.js';

/**
 * Every text a whole (non-stream) OpenAI Responses API answer carries from the model: `output_text`
 * when the server includes it, and per `output` item a message's content parts (`text` of
 * output_text, `refusal`), a function or MCP call's `arguments`, a custom tool call's `input`, a
 * code interpreter call's `code`, a reasoning item's summary and content texts. Copied along rewritten paths only; the same value when nothing changed.
 */
export function redactResponsesAnswer(body: unknown, rewrite: RewriteText, rewriteArguments: RewriteText = rewrite): unknown {
  if (!isJsonObject(body)) return body;
  let out: JsonObject = body;
  if (typeof out['output_text'] === 'string') out = withField(out, 'output_text', rewrite(out['output_text']));
  return withField(out, 'output', mapArray(out['output'], (item) => redactOutputItem(item, rewrite, rewriteArguments)));
}

/** One output item (`rewriteArguments`: for a function call's JSON arguments). */
export function redactOutputItem(item: unknown, rewrite: RewriteText, rewriteArguments: RewriteText = rewrite): unknown {
  if (!isJsonObject(item)) return item;
  let out: JsonObject = item;
  for (const field of ['content', 'summary'] as const) out = withField(out, field, mapArray(out[field], (part) => redactPart(part, rewrite)));
  // Arguments are JSON text; a placeholder carries no quote or backslash, so they stay valid JSON.
  if (typeof out['arguments'] === 'string') out = withField(out, 'arguments', rewriteArguments(out['arguments']));
  // What the model wrote for a custom tool (free text) or the code interpreter.
  const field = out['type'] === 'custom_tool_call' ? 'input' : out['type'] === 'code_interpreter_call' ? 'code' : undefined;
  if (field !== undefined && typeof out[field] === 'string') out = withField(out, field, rewrite(out[field]));
  return out;
}

/** One content or summary part (`text`, `refusal`). */
export function redactPart(part: unknown, rewrite: RewriteText): unknown {
  if (!isJsonObject(part)) return part;
  let out: JsonObject = part;
  for (const field of ['text', 'refusal'] as const) {
    const value = out[field];
    if (typeof value === 'string') out = withField(out, field, rewrite(value));
  }
  // Token logprobs spell out the text they came with: gone wherever that text was changed.
  if (out !== part && Array.isArray(out['logprobs']) && out['logprobs'].length > 0) out = withField(out, 'logprobs', []);
  return out;
}
