import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { createSseTransform, sseEvent, type SseEvent } from '../../../core/streams/sse-transform.js';
import { toAnthropicStopReason } from './stop-reasons.js';

type Json = Record<string, unknown>;

/**
 * OpenAI chat chunks → Anthropic's event sequence: message_start, then per block
 * content_block_start / content_block_delta (text_delta, input_json_delta) / content_block_stop,
 * then message_delta (stop_reason, usage) and message_stop. An in-band OpenAI error becomes
 * `event: error`, which Anthropic clients raise.
 */
export function chatStreamToMessagesStream(stream: Readable, requestedModel: string): Readable {
  let started = false;
  let finished = false;
  let blockIndex = -1;
  let openBlock: 'text' | 'tool' | undefined;
  const toolIndexes = new Map<number, number>();
  let stopReason = 'end_turn';
  let usage = { input_tokens: 0, output_tokens: 0 };
  const id = `msg_${randomUUID()}`;

  const start = (model: unknown): string => {
    if (started) return '';
    started = true;
    const message = { id, type: 'message', role: 'assistant', model: typeof model === 'string' ? model : requestedModel, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
    return sseEvent('message_start', { type: 'message_start', message });
  };
  const closeBlock = (): string => {
    if (openBlock === undefined) return '';
    openBlock = undefined;
    return sseEvent('content_block_stop', { type: 'content_block_stop', index: blockIndex });
  };
  const openNew = (kind: 'text' | 'tool', block: Json): string => {
    const out = closeBlock();
    blockIndex += 1;
    openBlock = kind;
    return out + sseEvent('content_block_start', { type: 'content_block_start', index: blockIndex, content_block: block });
  };
  const finish = (): string => {
    if (finished) return '';
    finished = true;
    return (
      start(undefined) +
      closeBlock() +
      sseEvent('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage }) +
      sseEvent('message_stop', { type: 'message_stop' })
    );
  };
  const fail = (message: string): string => {
    finished = true;
    return sseEvent('error', { type: 'error', error: { type: 'api_error', message } });
  };

  const onEvent = ({ data }: SseEvent): string => {
    if (finished) return '';
    if (data.trim() === '[DONE]') return finish();
    let chunk: Json;
    try {
      chunk = JSON.parse(data) as Json;
    } catch {
      // Never a silent drop: the Anthropic client must not read a broken stream as a short answer.
      return fail('The upstream sent a malformed stream event.');
    }
    const error = chunk['error'] as Json | undefined;
    if (error !== undefined) return fail(typeof error['message'] === 'string' ? error['message'] : 'The upstream stream failed.');
    let out = start(chunk['model']);
    if (chunk['usage'] !== null && typeof chunk['usage'] === 'object') {
      const u = chunk['usage'] as Json;
      usage = { input_tokens: Number(u['prompt_tokens'] ?? 0), output_tokens: Number(u['completion_tokens'] ?? 0) };
    }
    for (const choice of (chunk['choices'] as Json[] | undefined) ?? []) {
      const delta = (choice['delta'] ?? {}) as Json;
      if (typeof delta['content'] === 'string' && delta['content'] !== '') {
        if (openBlock !== 'text') out += openNew('text', { type: 'text', text: '' });
        out += sseEvent('content_block_delta', { type: 'content_block_delta', index: blockIndex, delta: { type: 'text_delta', text: delta['content'] } });
      }
      for (const call of (delta['tool_calls'] as Json[] | undefined) ?? []) {
        const callIndex = Number(call['index'] ?? 0);
        const fn = (call['function'] ?? {}) as Json;
        if (!toolIndexes.has(callIndex)) {
          out += openNew('tool', { type: 'tool_use', id: call['id'] ?? `toolu_${randomUUID()}`, name: fn['name'] ?? '', input: {} });
          toolIndexes.set(callIndex, blockIndex);
        }
        if (typeof fn['arguments'] === 'string' && fn['arguments'] !== '') {
          out += sseEvent('content_block_delta', { type: 'content_block_delta', index: toolIndexes.get(callIndex), delta: { type: 'input_json_delta', partial_json: fn['arguments'] } });
        }
      }
      if (typeof choice['finish_reason'] === 'string') stopReason = toAnthropicStopReason(choice['finish_reason']);
    }
    return out;
  };

  const transform = createSseTransform({ onEvent, onEnd: () => (finished ? '' : fail('The upstream stream ended early.')) });
  stream.on('error', (err: Error) => transform.destroy(err));
  return stream.pipe(transform);
}
