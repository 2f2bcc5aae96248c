import { isJsonObject } from '../../core/streams/is-json-object.js';
import type { ChoiceOutputParser, ToolCallDelta } from './choice-output-parser.js';

/**
 * A whole `chat.completion` with each choice's `message.content` run through the parsers:
 * reasoning to `reasoning_content`, calls to `tool_calls` (content null when nothing else is
 * left, as OpenAI sends it), `finish_reason` `tool_calls` when a call was found. A choice the
 * worker already gave tool calls is left alone. Anything that is not a chat completion passes.
 */
export function parseChatCompletion(body: unknown, createParser: () => ChoiceOutputParser): unknown {
  if (!isJsonObject(body) || !Array.isArray(body['choices'])) return body;
  const choices = body['choices'].map((choice: unknown) => {
    if (!isJsonObject(choice) || !isJsonObject(choice['message'])) return choice;
    const message = choice['message'];
    const content = message['content'];
    if (typeof content !== 'string' || (Array.isArray(message['tool_calls']) && message['tool_calls'].length > 0)) return choice;
    const parser = createParser();
    const first = parser.push(content);
    const rest = parser.finish();
    const reasoning = first.reasoning + rest.reasoning;
    const text = first.content + rest.content;
    const calls = joinCalls([...first.toolCalls, ...rest.toolCalls]);
    const earlierReasoning = typeof message['reasoning_content'] === 'string' ? message['reasoning_content'] : '';
    const next: Record<string, unknown> = { ...message, content: text === '' && calls.length > 0 ? null : text };
    if (reasoning !== '') next['reasoning_content'] = earlierReasoning + reasoning;
    if (calls.length > 0) next['tool_calls'] = calls;
    const finish = parser.sawToolCalls && (choice['finish_reason'] === 'stop' || choice['finish_reason'] === null) ? 'tool_calls' : choice['finish_reason'];
    return { ...choice, message: next, finish_reason: finish };
  });
  return { ...body, choices };
}

/** Deltas of a whole answer → OpenAI's complete tool calls, in index order. */
function joinCalls(deltas: readonly ToolCallDelta[]): object[] {
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  for (const delta of deltas) {
    const call = calls.get(delta.index) ?? { id: delta.id ?? '', name: delta.function.name ?? '', arguments: '' };
    call.arguments += delta.function.arguments;
    calls.set(delta.index, call);
  }
  return [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, call]) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
}
