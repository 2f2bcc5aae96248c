import type { Readable } from 'node:stream';
import { chatUsageFromAnthropic, readAnthropicPromptTokens, type AnthropicPromptTokens } from './anthropic-usage.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import { mapSseEvents, sseEvent, type FinalOutput } from '../../core/streams/map-sse-events.js';
import type { SseEvent } from '../../core/streams/sse-frame.js';
import { countOf, recordOf, stringOr } from '../../core/util/narrow-json.js';
import { UpstreamProtocolError } from '../upstream/providers/provider-contract.js';
import { toOpenAiFinishReason } from './stop-reasons.js';

/**
 * Anthropic's stream → OpenAI chat chunks ending in `data: [DONE]`: text deltas → content,
 * tool_use blocks → tool_calls (id and name first, then argument fragments), message_delta →
 * finish_reason, usage in a final chunk when asked. An `event: error` becomes an in-band OpenAI
 * error and no [DONE]; an event that is not JSON fails the stream with an UpstreamProtocolError
 * (the relay then reports it in-band and charges the worker).
 */
export function anthropicStreamToChatStream(stream: Readable, includeUsage: boolean): Readable {
  let id = 'chatcmpl-anthropic';
  let model = '';
  const created = Math.floor(Date.now() / 1000);
  const toolIndexByBlock = new Map<number, number>();
  const prompt: AnthropicPromptTokens = { input: 0, cacheRead: 0, cacheWrite: 0 };
  let outputTokens = 0;
  let done = false;
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
    sseEvent(undefined, { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] });
  const broken = (message: string): FinalOutput => {
    done = true;
    return { final: sseEvent(undefined, { error: { message, type: 'server_error', code: 'GW_ERR_UPSTREAM_INVALID_RESPONSE', param: null } }) };
  };

  const onEvent = (event: SseEvent): string | FinalOutput => {
    if (done) return '';
    let payload: unknown;
    try {
      payload = JSON.parse(event.data);
    } catch {
      payload = undefined;
    }
    // Thrown, the stream fails: the relay reports it in-band and charges the worker.
    if (!isJsonObject(payload)) throw new UpstreamProtocolError('the Anthropic worker sent a stream event that is not JSON');
    switch (event.event ?? payload['type']) {
      case 'message_start': {
        const message = recordOf(payload['message']);
        id = `chatcmpl-${stringOr(message['id'])}`;
        model = stringOr(message['model']);
        readAnthropicPromptTokens(recordOf(message['usage']), prompt);
        return chunk({ role: 'assistant', content: '' });
      }
      case 'content_block_start': {
        const block = recordOf(payload['content_block']);
        if (block['type'] !== 'tool_use') return '';
        const toolIndex = toolIndexByBlock.size;
        toolIndexByBlock.set(countOf(payload['index']), toolIndex);
        return chunk({ tool_calls: [{ index: toolIndex, id: stringOr(block['id']), type: 'function', function: { name: stringOr(block['name']), arguments: '' } }] });
      }
      case 'content_block_delta': {
        const delta = recordOf(payload['delta']);
        if (delta['type'] === 'text_delta') return chunk({ content: stringOr(delta['text']) });
        if (delta['type'] === 'input_json_delta') {
          return chunk({ tool_calls: [{ index: toolIndexByBlock.get(countOf(payload['index'])) ?? 0, function: { arguments: stringOr(delta['partial_json']) } }] });
        }
        return '';
      }
      case 'message_delta': {
        const usage = recordOf(payload['usage']);
        if (usage['output_tokens'] !== undefined) outputTokens = countOf(usage['output_tokens']);
        readAnthropicPromptTokens(usage, prompt);
        return chunk({}, toOpenAiFinishReason(recordOf(payload['delta'])['stop_reason']));
      }
      case 'message_stop': {
        done = true;
        const usage = includeUsage
          ? sseEvent(undefined, { id, object: 'chat.completion.chunk', created, model, choices: [], usage: chatUsageFromAnthropic(prompt, outputTokens) })
          : '';
        return `${usage}data: [DONE]\n\n`;
      }
      case 'error': {
        done = true;
        const error = recordOf(payload['error']);
        return { final: sseEvent(undefined, { error: { message: stringOr(error['message'], 'The Anthropic upstream failed.'), type: 'server_error', code: null, param: null } }) };
      }
      default:
        return '';
    }
  };
  // An input that stops short ends without [DONE]; the SSE relay turns that into an in-band error.
  return mapSseEvents(stream, { onEvent, onEnd: () => '', onTooLarge: (limit) => broken(`The Anthropic worker sent a stream event over ${limit} bytes.`).final });
}
