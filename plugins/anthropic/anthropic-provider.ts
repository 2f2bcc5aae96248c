import { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import { recordOf } from '../../core/util/narrow-json.js';
import { flattenHeaders } from '../../core/http/flatten-headers.js';
import { UpstreamUnreachableError, type ProviderAdapter, type UpstreamCall, type UpstreamReply } from '../upstream/providers/provider-contract.js';
import { readBoundedBody } from '../../core/streams/read-bounded-body.js';
import type { Worker } from '../upstream/fleet/worker.js';
import { parseModelIds } from '../upstream/providers/openai/openai-provider.js';
import { timedRequest } from '../upstream/providers/timed-request.js';
import { createAgentPool } from '../upstream/providers/agent-pool.js';
import { anthropicErrorToOpenAi, anthropicToChatResponse } from './anthropic-to-chat-response.js';
import { anthropicStreamToChatStream } from './anthropic-stream-to-chat-stream.js';
import { chatToAnthropicRequest } from './chat-to-anthropic-request.js';
import { mergeObjects } from '../../core/util/merge-objects.js';

const ANTHROPIC_VERSION = '2023-06-01';
const BODY_LIMIT = 64 * 1024 * 1024;

/**
 * Workers with `runtime: anthropic`: OpenAI chat requests are translated to the Messages API and
 * the answers (JSON, SSE, errors) back, so everything behind the adapter sees OpenAI's format.
 * Completions and embeddings have no Anthropic equivalent and are refused with 400.
 */
export function createAnthropicProvider(): ProviderAdapter {
  const pool = createAgentPool();
  const agentFor = (worker: Worker, connectMs: number): Dispatcher => pool.agentFor(worker, connectMs);
  // Anthropic's API lives under /v1 whether or not the worker URL was written with it.
  const urlFor = (worker: Worker, path: string): string => `${worker.url.replace(/\/v1$/, '')}${path}`;
  const headersFor = (worker: Worker): Record<string, string> => ({
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
    ...(worker.apiKey === undefined ? {} : { 'x-api-key': worker.apiKey }),
  });
  const json = (status: number, value: unknown): UpstreamReply => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: Readable.from([Buffer.from(JSON.stringify(value))]),
  });

  return {
    runtimes: ['anthropic'],

    async send(call: UpstreamCall): Promise<UpstreamReply> {
      if (call.operation !== 'chat.completions') {
        return json(400, { error: { message: `Anthropic workers do not serve ${call.operation}.`, type: 'invalid_request_error', code: null } });
      }
      const body = chatToAnthropicRequest(call.body);
      const res = await timedRequest(call, {
        url: urlFor(call.worker, '/v1/messages'),
        method: 'POST',
        // What stages asked to send (the seed's routing headers, traceparent), as the openai adapter does; its own win.
        headers: mergeObjects(call.headers, { 'x-request-id': call.requestId }, headersFor(call.worker)),
        body: JSON.stringify(body),
        dispatcher: agentFor(call.worker, call.timeouts.connectMs),
      });
      const headers = flattenHeaders(res.headers);
      if (res.statusCode >= 400) {
        const error = anthropicErrorToOpenAi(parseOrUndefined(await readBoundedBody(res.body, 64 * 1024).catch(() => Buffer.alloc(0))));
        return { status: res.statusCode, headers: { 'content-type': 'application/json', ...(headers['retry-after'] ? { 'retry-after': headers['retry-after'] } : {}) }, body: Readable.from([Buffer.from(JSON.stringify(error))]) };
      }
      if (body['stream'] === true && (headers['content-type'] ?? '').startsWith('text/event-stream')) {
        const options = recordOf(call.body['stream_options']);
        return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: anthropicStreamToChatStream(res.body, options['include_usage'] === true) };
      }
      const message = parseOrUndefined(await readBoundedBody(res.body, BODY_LIMIT));
      // Garbage from the worker is the worker's failure (502, counted by its breaker), never a 500 of ours.
      if (!isAnthropicMessage(message)) throw new UpstreamUnreachableError('anthropic worker answered something that is not a message', 'invalid_response');
      return json(res.statusCode, anthropicToChatResponse(message));
    },

    async listModels(worker: Worker, signal: AbortSignal): Promise<string[]> {
      const res = await request(urlFor(worker, '/v1/models'), { headers: headersFor(worker), signal, dispatcher: agentFor(worker, 10_000) });
      if (res.statusCode !== 200) {
        await res.body.dump();
        throw new Error(`GET /v1/models answered HTTP ${res.statusCode}`);
      }
      return parseModelIds(parseOrUndefined(await readBoundedBody(res.body, 4 * 1024 * 1024)));
    },

    async probe(worker: Worker, signal: AbortSignal): Promise<number> {
      const res = await request(urlFor(worker, worker.spec.health.path ?? '/v1/models'), { headers: headersFor(worker), signal, dispatcher: agentFor(worker, 10_000) });
      await res.body.dump();
      return res.statusCode;
    },

    close: () => pool.close(),
  };
}

/** The least a Messages API answer has: a content array. */
function isAnthropicMessage(value: unknown): boolean {
  return isJsonObject(value) && Array.isArray(value['content']);
}

function parseOrUndefined(buffer: Buffer): unknown {
  try {
    const value: unknown = JSON.parse(buffer.toString('utf8'));
    return value;
  } catch {
    return undefined;
  }
}
