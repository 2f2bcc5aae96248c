import { randomUUID } from 'node:crypto';
import { toAnthropicStopReason } from './stop-reasons.js';
import { parseToolArguments } from './content-text.js';
import { stringOr } from '../../../core/util/string-or.js';

type Json = Record<string, unknown>;

/** OpenAI chat completion → Anthropic message (text and tool_use blocks, stop reason, usage). */
export function chatToMessage(body: unknown, requestedModel: string): Json {
  const completion = (body ?? {}) as Json;
  const choice = ((completion['choices'] as Json[] | undefined) ?? [])[0] ?? {};
  const message = (choice['message'] ?? {}) as Json;
  const content: Json[] = [];
  if (typeof message['content'] === 'string' && message['content'] !== '') content.push({ type: 'text', text: message['content'] });
  for (const call of (message['tool_calls'] as Json[] | undefined) ?? []) {
    const fn = (call['function'] ?? {}) as Json;
    content.push({ type: 'tool_use', id: call['id'] ?? `toolu_${randomUUID()}`, name: fn['name'], input: parseToolArguments(fn['arguments']) });
  }
  const usage = (completion['usage'] ?? {}) as Json;
  return {
    id: `msg_${stringOr(completion['id'], randomUUID())}`,
    type: 'message',
    role: 'assistant',
    model: typeof completion['model'] === 'string' ? completion['model'] : requestedModel,
    content,
    stop_reason: toAnthropicStopReason(choice['finish_reason']),
    stop_sequence: null,
    usage: { input_tokens: Number(usage['prompt_tokens'] ?? 0), output_tokens: Number(usage['completion_tokens'] ?? 0) },
  };
}
