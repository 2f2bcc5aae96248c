import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import { mapSseEvents, sseEvent, type FinalOutput } from '../../core/streams/map-sse-events.js';
import type { SseEvent } from '../../core/streams/sse-frame.js';
import { countOf, recordOf, recordsOf, stringOr } from '../../core/util/narrow-json.js';
import { toAnthropicStopReason } from './stop-reasons.js';
import { reasoningOf } from './chat-to-messages.js';

/**
 * OpenAI chat chunks → Anthropic's event sequence: message_start, then per block
 * content_block_start / content_block_delta (thinking_delta from the worker's reasoning_content,
 * text_delta, input_json_delta) / content_block_stop,
 * then message_delta (stop_reason, usage) and message_stop. An in-band OpenAI error, a chunk that
 * is not JSON, or an end without `[DONE]` becomes `event: error`, which Anthropic clients raise —
 * never a silent drop or a clean end; a malformed chunk is also reported to the stream's producer.
 */
export function chatStreamToMessagesStream(stream: Readable, requestedModel: string, reportMalformed?: (err: Error) => void): Readable {
  let started = false;
  let finished = false;
  let blockIndex = -1;
  let openBlock: 'thinking' | 'text' | 'tool' | undefined;
  const toolIndexes = new Map<number, number>();
  let stopReason = 'end_turn';
  let usage = { input_tokens: 0, output_tokens: 0 };
  const id = `msg_${randomUUID()}`;

  const start = (model: unknown): string => {
    if (started) return '';
    started = true;
    const message = { id, type: 'message', role: 'assistant', model: stringOr(model, requestedModel), content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
    return sseEvent('message_start', { type: 'message_start', message });
  };
  const closeBlock = (): string => {
    if (openBlock === undefined) return '';
    openBlock = undefined;
    return sseEvent('content_block_stop', { type: 'content_block_stop', index: blockIndex });
  };
  const openNew = (kind: 'thinking' | 'text' | 'tool', block: Record<string, unknown>): string => {
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
  const fail = (message: string): FinalOutput => {
    finished = true;
    return { final: sseEvent('error', { type: 'error', error: { type: 'api_error', message } }) };
  };

  const onEvent = (event: SseEvent): string | FinalOutput => {
    if (finished) return '';
    const data = event.data;
    if (data.trim() === '[DONE]') return finish();
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      chunk = undefined;
    }
    if (!isJsonObject(chunk)) {
      reportMalformed?.(new Error('a chat stream event is not a JSON object'));
      return fail('The upstream sent a malformed stream event.');
    }
    if (chunk['error'] !== undefined && chunk['error'] !== null) return fail(stringOr(recordOf(chunk['error'])['message'], 'The upstream stream failed.'));
    let out = start(chunk['model']);
    if (isJsonObject(chunk['usage'])) {
      usage = { input_tokens: countOf(chunk['usage']['prompt_tokens']), output_tokens: countOf(chunk['usage']['completion_tokens']) };
    }
    for (const choice of recordsOf(chunk['choices'])) {
      const delta = recordOf(choice['delta']);
      const thinking = reasoningOf(delta);
      if (thinking !== '') {
        if (openBlock !== 'thinking') out += openNew('thinking', { type: 'thinking', thinking: '', signature: '' });
        out += sseEvent('content_block_delta', { type: 'content_block_delta', index: blockIndex, delta: { type: 'thinking_delta', thinking } });
      }
      const text = delta['content'];
      if (typeof text === 'string' && text !== '') {
        if (openBlock !== 'text') out += openNew('text', { type: 'text', text: '' });
        out += sseEvent('content_block_delta', { type: 'content_block_delta', index: blockIndex, delta: { type: 'text_delta', text } });
      }
      for (const call of recordsOf(delta['tool_calls'])) {
        const callIndex = countOf(call['index']);
        const fn = recordOf(call['function']);
        if (!toolIndexes.has(callIndex)) {
          out += openNew('tool', { type: 'tool_use', id: stringOr(call['id'], `toolu_${randomUUID()}`), name: stringOr(fn['name']), input: {} });
          toolIndexes.set(callIndex, blockIndex);
        }
        const args = fn['arguments'];
        if (typeof args === 'string' && args !== '') {
          out += sseEvent('content_block_delta', { type: 'content_block_delta', index: toolIndexes.get(callIndex), delta: { type: 'input_json_delta', partial_json: args } });
        }
      }
      if (typeof choice['finish_reason'] === 'string') stopReason = toAnthropicStopReason(choice['finish_reason']);
    }
    return out;
  };

  return mapSseEvents(stream, {
    onEvent,
    onEnd: () => (finished ? '' : fail('The upstream stream ended early.').final),
    onTooLarge: (limit) => fail(`An upstream stream event exceeded ${limit} bytes.`).final,
  });
}
