import type { Readable } from 'node:stream';
import { createSseTransform, sseEvent, type SseEvent } from '../../../core/streams/sse-transform.js';
import { UpstreamProtocolError } from '../../../core/providers/provider-contract.js';
import { toOpenAiFinishReason } from '../../dialects/anthropic/stop-reasons.js';
import { stringOr } from '../../../core/util/string-or.js';

type Json = Record<string, unknown>;

/**
 * Anthropic's stream → OpenAI chat chunks ending in `data: [DONE]`: text deltas → content,
 * tool_use blocks → tool_calls (id and name first, then argument fragments), message_delta →
 * finish_reason, usage in a final chunk when asked. An `event: error` becomes an in-band OpenAI
 * error and no [DONE], so the relay and clients see a failure.
 */
export function anthropicStreamToChatStream(stream: Readable, includeUsage: boolean): Readable {
  let id = 'chatcmpl-anthropic';
  let model = '';
  const created = Math.floor(Date.now() / 1000);
  const toolIndexByBlock = new Map<number, number>();
  let inputTokens = 0;
  let outputTokens = 0;
  let done = false;
  const chunk = (delta: Json, finish: string | null = null): string =>
    sseEvent(undefined, { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] });

  const onEvent = ({ event, data }: SseEvent): string => {
    if (done) return '';
    let payload: Json;
    try {
      payload = JSON.parse(data) as Json;
    } catch {
      // A broken event fails the stream (the relay reports it in-band and charges the worker).
      done = true;
      transform.destroy(new UpstreamProtocolError('the Anthropic worker sent an event that is not JSON'));
      return '';
    }
    switch (event ?? payload['type']) {
      case 'message_start': {
        const message = (payload['message'] ?? {}) as Json;
        id = `chatcmpl-${stringOr(message['id'])}`;
        model = stringOr(message['model']);
        inputTokens = Number(((message['usage'] ?? {}) as Json)['input_tokens'] ?? 0);
        return chunk({ role: 'assistant', content: '' });
      }
      case 'content_block_start': {
        const block = (payload['content_block'] ?? {}) as Json;
        if (block['type'] !== 'tool_use') return '';
        const toolIndex = toolIndexByBlock.size;
        toolIndexByBlock.set(Number(payload['index']), toolIndex);
        return chunk({ tool_calls: [{ index: toolIndex, id: block['id'], type: 'function', function: { name: block['name'], arguments: '' } }] });
      }
      case 'content_block_delta': {
        const delta = (payload['delta'] ?? {}) as Json;
        if (delta['type'] === 'text_delta') return chunk({ content: delta['text'] });
        if (delta['type'] === 'input_json_delta') {
          return chunk({ tool_calls: [{ index: toolIndexByBlock.get(Number(payload['index'])) ?? 0, function: { arguments: delta['partial_json'] } }] });
        }
        return '';
      }
      case 'message_delta': {
        const usage = (payload['usage'] ?? {}) as Json;
        outputTokens = Number(usage['output_tokens'] ?? outputTokens);
        if (usage['input_tokens'] !== undefined) inputTokens = Number(usage['input_tokens']);
        return chunk({}, toOpenAiFinishReason(((payload['delta'] ?? {}) as Json)['stop_reason']));
      }
      case 'message_stop': {
        done = true;
        const usage = includeUsage
          ? sseEvent(undefined, { id, object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens } })
          : '';
        return `${usage}data: [DONE]\n\n`;
      }
      case 'error': {
        done = true;
        const error = (payload['error'] ?? {}) as Json;
        return sseEvent(undefined, { error: { message: stringOr(error['message'], 'The Anthropic upstream failed.'), type: 'server_error', code: null, param: null } });
      }
      default:
        return '';
    }
  };
  // An input that stops short ends without [DONE]; the SSE relay turns that into an in-band error.
  const transform = createSseTransform({ onEvent, onEnd: () => '' });
  stream.on('error', (err: Error) => transform.destroy(err));
  return stream.pipe(transform);
}
