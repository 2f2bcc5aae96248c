import type { JsonObject } from '../../core/pipeline/exchange.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import { mapArray, withField, type RewriteText } from './redact-request-body.js';

/**
 * The legacy `choices[].message.function_call.arguments` of a whole chat completion, rewritten.
 * `tool_calls` arguments go through the kernel's response transforms (`toolArguments`), stream or
 * not; the deprecated single `function_call` is not a part the transforms see, so a JSON answer's
 * is rewritten here; copied along rewritten paths only, the same value when nothing changed.
 */
export function redactAnswerFunctionCall(body: unknown, rewrite: RewriteText): unknown {
  if (!isJsonObject(body)) return body;
  return withField(body, 'choices', mapArray(body['choices'], (choice) => {
    if (!isJsonObject(choice) || !isJsonObject(choice['message'])) return choice;
    const message: JsonObject = choice['message'];
    if (!isJsonObject(message['function_call'])) return choice;
    return withField(choice, 'message', withField(message, 'function_call', redactArguments(message['function_call'], rewrite)));
  }));
}

// Arguments are JSON text; a placeholder carries no quote or backslash, so they stay valid JSON.
function redactArguments(fn: JsonObject, rewrite: RewriteText): JsonObject {
  const args = fn['arguments'];
  return typeof args === 'string' ? withField(fn, 'arguments', rewrite(args)) : fn;
}
