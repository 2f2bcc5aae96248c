import { toOpenAiFinishReason } from '../../dialects/anthropic/stop-reasons.js';
import { contentText } from '../../dialects/anthropic/content-text.js';
import { stringOr } from '../../../core/util/string-or.js';

type Json = Record<string, unknown>;

/** Anthropic message → OpenAI chat completion (text, tool_calls, finish_reason, usage). */
export function anthropicToChatResponse(value: unknown): Json {
  const message = (value ?? {}) as Json;
  const blocks = (message['content'] as Json[] | undefined) ?? [];
  const text = contentText(blocks);
  const toolCalls = blocks
    .filter((b) => b['type'] === 'tool_use')
    .map((b) => ({ id: b['id'], type: 'function', function: { name: b['name'], arguments: JSON.stringify(b['input'] ?? {}) } }));
  const usage = (message['usage'] ?? {}) as Json;
  const prompt = Number(usage['input_tokens'] ?? 0);
  const completion = Number(usage['output_tokens'] ?? 0);
  return {
    id: `chatcmpl-${stringOr(message['id'])}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: message['model'],
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        finish_reason: toOpenAiFinishReason(message['stop_reason']),
      },
    ],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

/** Anthropic's {"type":"error","error":{…}} → OpenAI's {"error":{…}} (for the upstream error mapping). */
export function anthropicErrorToOpenAi(value: unknown): Json {
  const error = (((value ?? {}) as Json)['error'] ?? {}) as Json;
  return { error: { message: typeof error['message'] === 'string' ? error['message'] : 'The Anthropic upstream failed.', type: error['type'] ?? 'api_error', code: null } };
}
