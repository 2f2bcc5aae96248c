import type { JsonObject } from '../../core/pipeline/exchange.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import { mapArray, withField, type RewriteText } from './redact-request-body.js';

/**
 * The tool-call arguments a whole chat completion's model wrote (`choices[].message.tool_calls[]
 * .function.arguments` and the legacy `function_call.arguments`), rewritten. The kernel's response
 * transforms hand a stage only the answer's text and reasoning, so a JSON answer's arguments are
 * rewritten here; copied along rewritten paths only, the same value when nothing changed.
 */
export function redactAnswerToolCalls(body: unknown, rewrite: RewriteText): unknown {
  if (!isJsonObject(body)) return body;
  return withField(body, 'choices', mapArray(body['choices'], (choice) => {
    if (!isJsonObject(choice) || !isJsonObject(choice['message'])) return choice;
    let message: JsonObject = choice['message'];
    message = withField(message, 'tool_calls', mapArray(message['tool_calls'], (call) => {
      if (!isJsonObject(call) || !isJsonObject(call['function'])) return call;
      return withField(call, 'function', redactArguments(call['function'], rewrite));
    }));
    if (isJsonObject(message['function_call'])) message = withField(message, 'function_call', redactArguments(message['function_call'], rewrite));
    return withField(choice, 'message', message);
  }));
}

// Arguments are JSON text; a placeholder carries no quote or backslash, so they stay valid JSON.
function redactArguments(fn: JsonObject, rewrite: RewriteText): JsonObject {
  const args = fn['arguments'];
  return typeof args === 'string' ? withField(fn, 'arguments', rewrite(args)) : fn;
}
