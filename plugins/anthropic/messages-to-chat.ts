import type { JsonObject } from '../../core/pipeline/exchange.js';
import { recordOf, recordsOf, stringOr } from '../../core/util/narrow-json.js';
import { contentText } from './content-text.js';

type Block = Record<string, unknown>;

/**
 * Anthropic Messages request → OpenAI chat request: system → a system message; text and image
 * blocks → content parts; assistant tool_use → tool_calls; user tool_result → tool messages;
 * tools, tool_choice, stop_sequences and sampling settings mapped; metadata.user_id → user.
 */
export function messagesToChat(body: JsonObject): JsonObject {
  const messages: JsonObject[] = [];
  const system = contentText(body['system']);
  if (system !== '') messages.push({ role: 'system', content: system });
  for (const message of recordsOf(body['messages'])) messages.push(...convertMessage(message));

  const chat: JsonObject = { model: body['model'], messages, max_tokens: body['max_tokens'] };
  // Usage is part of Anthropic's stream (message_delta), so it is asked for, not injected and hidden.
  if (body['stream'] === true) Object.assign(chat, { stream: true, stream_options: { include_usage: true } });
  for (const field of ['temperature', 'top_p', 'top_k'] as const) if (body[field] !== undefined) chat[field] = body[field];
  if (Array.isArray(body['stop_sequences'])) chat['stop'] = body['stop_sequences'];
  const user = recordOf(body['metadata'])['user_id'];
  if (typeof user === 'string') chat['user'] = user;
  if (Array.isArray(body['tools'])) {
    chat['tools'] = recordsOf(body['tools']).map((tool) => ({
      type: 'function',
      function: { name: tool['name'], ...(tool['description'] === undefined ? {} : { description: tool['description'] }), parameters: tool['input_schema'] ?? { type: 'object' } },
    }));
  }
  const choice = body['tool_choice'] === undefined ? undefined : recordOf(body['tool_choice']);
  if (choice !== undefined) {
    chat['tool_choice'] =
      choice['type'] === 'any' ? 'required' : choice['type'] === 'tool' ? { type: 'function', function: { name: choice['name'] } } : choice['type'];
  }
  return chat;
}

function convertMessage(message: Readonly<Block>): JsonObject[] {
  const role = message['role'];
  const content = message['content'];
  if (typeof content === 'string') return [{ role, content }];
  const blocks = recordsOf(content);
  if (role === 'assistant') {
    const text = contentText(blocks);
    const toolCalls = blocks
      .filter((b) => b['type'] === 'tool_use')
      .map((b) => ({ id: b['id'], type: 'function', function: { name: b['name'], arguments: JSON.stringify(b['input'] ?? {}) } }));
    return [{ role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) }];
  }
  // User turns: tool results become tool messages (first, as OpenAI expects them right after the
  // assistant's tool_calls); the rest stays one user message.
  const out: JsonObject[] = blocks
    .filter((b) => b['type'] === 'tool_result')
    .map((b) => ({ role: 'tool', tool_call_id: b['tool_use_id'], content: (b['is_error'] === true ? 'Error: ' : '') + contentText(b['content']) }));
  const parts = blocks.flatMap((b): JsonObject[] => {
    if (b['type'] === 'text') return [{ type: 'text', text: b['text'] }];
    if (b['type'] === 'image') {
      const url = imageUrlOf(b['source'] === undefined ? undefined : recordOf(b['source']));
      return url === undefined ? [] : [{ type: 'image_url', image_url: { url } }];
    }
    return [];
  });
  if (parts.length > 0) out.push({ role: 'user', content: parts.every((p) => p['type'] === 'text') ? parts.map((p) => stringOr(p['text'])).join('') : parts });
  return out;
}

function imageUrlOf(source: Readonly<Block> | undefined): string | undefined {
  if (source?.['type'] === 'base64') return `data:${stringOr(source['media_type'])};base64,${stringOr(source['data'])}`;
  if (source?.['type'] === 'url' && typeof source['url'] === 'string') return source['url'];
  return undefined;
}
