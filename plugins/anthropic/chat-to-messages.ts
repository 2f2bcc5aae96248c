import { randomUUID } from 'node:crypto';
import { countOf, recordOf, recordsOf, stringOr } from '../../core/util/narrow-json.js';
import { parseToolArguments } from './content-text.js';
import { toAnthropicStopReason } from './stop-reasons.js';

/** OpenAI chat completion (untrusted JSON) → Anthropic message (text and tool_use blocks, stop reason, usage). */
export function chatToMessage(body: unknown, requestedModel: string): Record<string, unknown> {
  const completion = recordOf(body);
  const choice = recordsOf(completion['choices'])[0] ?? recordOf(undefined);
  const message = recordOf(choice['message']);
  const content: Record<string, unknown>[] = [];
  // A reasoning worker (vLLM/SGLang with a reasoning parser, DeepSeek) sends its thinking apart from
  // the answer: it becomes Anthropic's thinking block, first, rather than being dropped.
  const thinking = reasoningOf(message);
  if (thinking !== '') content.push({ type: 'thinking', thinking, signature: '' });
  const text = message['content'];
  if (typeof text === 'string' && text !== '') content.push({ type: 'text', text });
  for (const call of recordsOf(message['tool_calls'])) {
    const fn = recordOf(call['function']);
    content.push({ type: 'tool_use', id: stringOr(call['id'], `toolu_${randomUUID()}`), name: stringOr(fn['name']), input: parseToolArguments(fn['arguments']) });
  }
  const usage = recordOf(completion['usage']);
  return {
    id: `msg_${stringOr(completion['id'], randomUUID())}`,
    type: 'message',
    role: 'assistant',
    model: stringOr(completion['model'], requestedModel),
    content,
    stop_reason: toAnthropicStopReason(choice['finish_reason']),
    stop_sequence: null,
    usage: { input_tokens: countOf(usage['prompt_tokens']), output_tokens: countOf(usage['completion_tokens']) },
  };
}

/** `reasoning_content` (vLLM, SGLang, DeepSeek) or `reasoning` (some OpenAI-compatible servers). */
export function reasoningOf(messageOrDelta: Readonly<Record<string, unknown>>): string {
  const value = messageOrDelta['reasoning_content'] ?? messageOrDelta['reasoning'];
  return typeof value === 'string' ? value : '';
}
