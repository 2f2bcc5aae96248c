import type { JsonObject } from '../../core/pipeline/exchange.js';
import { recordOf, recordsOf, stringOr } from '../../core/util/narrow-json.js';
import { contentText, parseToolArguments } from './content-text.js';

type Block = Record<string, unknown>;

/** Anthropic requires max_tokens; OpenAI clients often leave it out. */
const DEFAULT_MAX_TOKENS = 4096;

/**
 * OpenAI chat request → Anthropic Messages request: system messages → `system`; image_url parts
 * → image blocks (data URLs become base64 sources); assistant tool_calls → tool_use blocks; tool
 * messages → user tool_result blocks (consecutive ones merged into one turn, as Anthropic wants).
 */
export function chatToAnthropicRequest(body: JsonObject): JsonObject {
  const system: string[] = [];
  const messages: { role: 'user' | 'assistant'; content: Block[] }[] = [];
  const push = (role: 'user' | 'assistant', blocks: Block[]): void => {
    const last = messages.at(-1);
    if (last !== undefined && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const message of recordsOf(body['messages'])) {
    const role = message['role'];
    if (role === 'system' || role === 'developer') {
      system.push(contentText(message['content']));
    } else if (role === 'tool') {
      push('user', [{ type: 'tool_result', tool_use_id: message['tool_call_id'], content: contentText(message['content']) }]);
    } else if (role === 'assistant') {
      const blocks: Block[] = contentBlocks(message['content']);
      for (const call of recordsOf(message['tool_calls'])) {
        const fn = recordOf(call['function']);
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
    out['tools'] = recordsOf(body['tools']).map((tool) => {
      const fn = recordOf(tool['function']);
      return { name: fn['name'], ...(fn['description'] === undefined ? {} : { description: fn['description'] }), input_schema: fn['parameters'] ?? { type: 'object' } };
    });
  }
  const choice = body['tool_choice'];
  if (choice === 'required') out['tool_choice'] = { type: 'any' };
  else if (choice === 'auto' || choice === 'none') out['tool_choice'] = { type: choice };
  else if (choice !== null && typeof choice === 'object') out['tool_choice'] = { type: 'tool', name: recordOf(recordOf(choice)['function'])['name'] };
  return out;
}

function contentBlocks(content: unknown): Block[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return recordsOf(content).flatMap((part): Block[] => {
    if (part['type'] === 'text') return [{ type: 'text', text: part['text'] }];
    if (part['type'] === 'image_url') {
      const url = stringOr(recordOf(part['image_url'])['url']);
      const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
      return [data ? { type: 'image', source: { type: 'base64', media_type: data[1], data: data[2] } } : { type: 'image', source: { type: 'url', url } }];
    }
    return [];
  });
}
