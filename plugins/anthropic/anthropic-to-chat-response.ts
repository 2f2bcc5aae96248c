import { countOf, recordOf, recordsOf, stringOr } from '../../core/util/narrow-json.js';
import { contentText } from './content-text.js';
import { chatUsageFromAnthropic, readAnthropicPromptTokens } from './anthropic-usage.js';
import { toOpenAiFinishReason } from './stop-reasons.js';

/** Anthropic message (untrusted JSON) → OpenAI chat completion (text, tool_calls, finish_reason, usage). */
export function anthropicToChatResponse(value: unknown): Record<string, unknown> {
  const message = recordOf(value);
  const blocks = recordsOf(message['content']);
  const text = contentText(blocks);
  const toolCalls = blocks
    .filter((b) => b['type'] === 'tool_use')
    .map((b) => ({ id: stringOr(b['id']), type: 'function', function: { name: stringOr(b['name']), arguments: JSON.stringify(b['input'] ?? {}) } }));
  const usage = recordOf(message['usage']);
  const prompt = { input: 0, cacheRead: 0, cacheWrite: 0 };
  readAnthropicPromptTokens(usage, prompt);
  return {
    id: `chatcmpl-${stringOr(message['id'])}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: stringOr(message['model']),
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        finish_reason: toOpenAiFinishReason(message['stop_reason']),
      },
    ],
    usage: chatUsageFromAnthropic(prompt, countOf(usage['output_tokens'])),
  };
}

/** Anthropic's {"type":"error","error":{…}} → OpenAI's {"error":{…}} (for the upstream error mapping). */
export function anthropicErrorToOpenAi(value: unknown): Record<string, unknown> {
  const error = recordOf(recordOf(value)['error']);
  return { error: { message: stringOr(error['message'], 'The Anthropic upstream failed.'), type: stringOr(error['type'], 'api_error'), code: null } };
}
