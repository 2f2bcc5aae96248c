import type { JsonObject } from '../../../core/pipeline/exchange.js';
import { stringOr } from '../../../core/util/string-or.js';
import { contentText, parseToolArguments } from '../../dialects/anthropic/content-text.js';

type Json = Record<string, unknown>;

/** Anthropic requires max_tokens; OpenAI clients often leave it out. */
const DEFAULT_MAX_TOKENS = 4096;

/**
 * OpenAI chat request → Anthropic Messages request: system messages → `system`; image_url parts
 * → image blocks (data URLs become base64 sources); assistant tool_calls → tool_use blocks; tool
 * messages → user tool_result blocks (consecutive ones merged into one turn, as Anthropic wants).
 */
export function chatToAnthropicRequest(body: JsonObject): JsonObject {
  const system: string[] = [];
  const messages: Json[] = [];
  const push = (role: 'user' | 'assistant', blocks: Json[]): void => {
    const last = messages.at(-1);
    if (last !== undefined && last['role'] === role) (last['content'] as Json[]).push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const message of (body['messages'] as Json[] | undefined) ?? []) {
    const role = message['role'];
    if (role === 'system' || role === 'developer') {
      system.push(contentText(message['content']));
    } else if (role === 'tool') {
      push('user', [{ type: 'tool_result', tool_use_id: message['tool_call_id'], content: contentText(message['content']) }]);
    } else if (role === 'assistant') {
      const blocks: Json[] = contentBlocks(message['content']);
      for (const call of (message['tool_calls'] as Json[] | undefined) ?? []) {
        const fn = (call['function'] ?? {}) as Json;
        blocks.push({ type: 'tool_use', id: call['id'], name: fn['name'], input: parseToolArguments(fn['arguments']) });
      }
      push('assistant', blocks);
    } else {
      push('user', contentBlocks(message['content']));
    }
  }
  const out: JsonObject = {
    model: body['model'],
    messages,
    max_tokens: body['max_completion_tokens'] ?? body['max_tokens'] ?? DEFAULT_MAX_TOKENS,
  };
  if (system.length > 0) out['system'] = system.join('\n\n');
  if (body['stream'] === true) out['stream'] = true;
  for (const field of ['temperature', 'top_p', 'top_k'] as const) if (body[field] !== undefined && body[field] !== null) out[field] = body[field];
  const stop = body['stop'];
  if (typeof stop === 'string') out['stop_sequences'] = [stop];
  else if (Array.isArray(stop)) out['stop_sequences'] = stop;
  if (typeof body['user'] === 'string') out['metadata'] = { user_id: body['user'] };
  if (Array.isArray(body['tools'])) {
    out['tools'] = (body['tools'] as Json[]).map((tool) => {
      const fn = (tool['function'] ?? {}) as Json;
      return { name: fn['name'], ...(fn['description'] === undefined ? {} : { description: fn['description'] }), input_schema: fn['parameters'] ?? { type: 'object' } };
    });
  }
  const choice = body['tool_choice'];
  if (choice === 'required') out['tool_choice'] = { type: 'any' };
  else if (choice === 'auto' || choice === 'none') out['tool_choice'] = { type: choice };
  else if (choice !== null && typeof choice === 'object') out['tool_choice'] = { type: 'tool', name: ((choice as Json)['function'] as Json | undefined)?.['name'] };
  return out;
}

function contentBlocks(content: unknown): Json[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return (content as Json[]).flatMap((part): Json[] => {
    if (part['type'] === 'text') return [{ type: 'text', text: part['text'] }];
    if (part['type'] === 'image_url') {
      const url = stringOr(((part['image_url'] ?? {}) as Json)['url']);
      const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
      return [data ? { type: 'image', source: { type: 'base64', media_type: data[1], data: data[2] } } : { type: 'image', source: { type: 'url', url } }];
    }
    return [];
  });
}
