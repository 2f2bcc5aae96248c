import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Exchange } from '../../../core/pipeline/exchange.js';
import { encodeSseEvent } from '../../../core/streams/encode-sse-event.js';
import { recordOf } from '../../../core/util/narrow-json.js';
import type { CachedAnswer } from './answer-cache.js';

/** Usage of a cached answer: no tokens were spent upstream. */
const NO_USAGE = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

/** A cached answer as the response to this request: a chat.completion, or an SSE stream of chunks ending in [DONE]. */
export function replayAnswer(x: Exchange, answer: CachedAnswer, headers: Record<string, string>): void {
  const id = `chatcmpl-cache-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  if (!x.request.stream) {
    x.respond(200, {
      id,
      object: 'chat.completion',
      created,
      model: answer.model,
      choices: [{ index: 0, message: { role: 'assistant', content: answer.content }, finish_reason: answer.finishReason }],
      usage: NO_USAGE,
    }, headers);
    return;
  }
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): Buffer =>
    encodeSseEvent({ data: JSON.stringify({ id, object: 'chat.completion.chunk', created, model: answer.model, choices, ...extra }) });
  const events = [
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    // Replayed in word-sized pieces so a client renders it as it would a live answer.
    ...(answer.content.match(/\S*\s*/g) ?? []).filter((piece) => piece !== '').map((piece) => chunk([{ index: 0, delta: { content: piece }, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, finish_reason: answer.finishReason }]),
  ];
  if (recordOf(x.request.body['stream_options'])['include_usage'] === true) events.push(chunk([], { usage: NO_USAGE }));
  events.push(Buffer.from('data: [DONE]\n\n'));
  x.response = { kind: 'stream', status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers }, body: Readable.from(events) };
}
