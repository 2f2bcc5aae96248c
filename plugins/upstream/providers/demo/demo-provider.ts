import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { JsonObject } from '../../../../core/pipeline/exchange.js';
import type { ProviderAdapter, UpstreamCall, UpstreamReply } from '../provider-contract.js';
import { countWords, DEMO_MODEL, demoChatText, demoCompletionText, demoEmbedding, promptWords } from './demo-replies.js';
import { demoToolCall, type DemoToolCall } from './demo-tool-call.js';
import { recordOf } from '../../../../core/util/narrow-json.js';

/**
 * The built-in demo worker (`runtime: demo`): an in-process OpenAI-compatible model so the gateway
 * answers out of the box with no other service. It is for trying Switchyard, not for serving users.
 */
export function createDemoProvider(): ProviderAdapter {
  return {
    runtimes: ['demo'],
    send: (call) => Promise.resolve(replyTo(call)),
    listModels: () => Promise.resolve([DEMO_MODEL]),
    probe: () => Promise.resolve(200),
  };
}

function replyTo(call: UpstreamCall): UpstreamReply {
  const body = call.body;
  if (call.operation === 'passthrough') {
    return { status: 404, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from('{"error":{"message":"The demo model serves chat, completions and embeddings only.","type":"not_found_error"}}')]) };
  }
  const model = typeof body['model'] === 'string' ? body['model'] : DEMO_MODEL;
  const created = Math.floor(Date.now() / 1000);
  if (call.operation === 'embeddings') {
    const inputs = Array.isArray(body['input']) ? (body['input'] as unknown[]) : [body['input']];
    const texts = inputs.map((i) => (typeof i === 'string' ? i : JSON.stringify(i)));
    const tokens = texts.reduce((n, t) => n + countWords(t), 0);
    return json({
      object: 'list',
      model,
      data: texts.map((text, index) => ({ object: 'embedding', index, embedding: demoEmbedding(text) })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }
  const isChat = call.operation === 'chat.completions';
  const toolCall = isChat ? demoToolCall(body) : undefined;
  if (toolCall !== undefined) return toolCallReply(body, model, toolCall);
  const text = isChat ? demoChatText(body) : demoCompletionText(body);
  const usage = { prompt_tokens: promptWords(body), completion_tokens: countWords(text), total_tokens: 0 };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  const id = `${isChat ? 'chatcmpl' : 'cmpl'}-demo-${randomUUID()}`;
  const object = isChat ? 'chat.completion' : 'text_completion';
  if (body['stream'] !== true) {
    const choice = isChat
      ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }
      : { index: 0, text, finish_reason: 'stop' };
    return json({ id, object, created, model, choices: [choice], usage });
  }
  const chunkObject = isChat ? 'chat.completion.chunk' : 'text_completion';
  const options = body['stream_options'];
  const includeUsage = options !== null && typeof options === 'object' && (options as JsonObject)['include_usage'] === true;
  const pieces = text.match(/\S+\s*/g) ?? [text];
  const events = pieces.map((piece, i) => {
    const delta = isChat ? { delta: i === 0 ? { role: 'assistant', content: piece } : { content: piece } } : { text: piece };
    const last = i === pieces.length - 1;
    return sse({ id, object: chunkObject, created, model, choices: [{ index: 0, ...delta, finish_reason: last ? 'stop' : null }] });
  });
  if (includeUsage) events.push(sse({ id, object: chunkObject, created, model, choices: [], usage }));
  events.push(Buffer.from('data: [DONE]\n\n'));
  return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: Readable.from(events) };
}

/** An answer that calls one tool, as an OpenAI model does (JSON, or chunks with `tool_calls` deltas). */
function toolCallReply(body: JsonObject, model: string, toolCall: DemoToolCall): UpstreamReply {
  const id = `chatcmpl-demo-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const usage = { prompt_tokens: promptWords(body), completion_tokens: 1 + countWords(toolCall.arguments), total_tokens: 0 };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  const call = { id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: toolCall.arguments } };
  if (body['stream'] !== true) {
    return json({ id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [call] }, finish_reason: 'tool_calls' }], usage });
  }
  const chunk = (choices: unknown[], extra: JsonObject = {}): Buffer => sse({ id, object: 'chat.completion.chunk', created, model, choices, ...extra });
  const events = [
    chunk([{ index: 0, delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, ...call }] }, finish_reason: null }]),
    chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
  ];
  if (recordOf(body['stream_options'])['include_usage'] === true) events.push(chunk([], { usage }));
  events.push(Buffer.from('data: [DONE]\n\n'));
  return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: Readable.from(events) };
}

function json(value: unknown): UpstreamReply {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from(JSON.stringify(value))]) };
}

function sse(value: unknown): Buffer {
  return Buffer.from(`data: ${JSON.stringify(value)}\n\n`);
}
