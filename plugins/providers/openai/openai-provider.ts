import { Agent, errors as undiciErrors, request } from 'undici';
import type { ProviderAdapter, UpstreamCall, UpstreamReply } from '../../../core/providers/provider-contract.js';
import { UpstreamUnreachableError } from '../../../core/providers/provider-contract.js';
import { flattenHeaders } from '../../../core/http/flatten-headers.js';
import { readBoundedBody } from '../../../core/streams/read-bounded-body.js';
import type { Worker } from '../../../core/workers/worker-pool.js';
import { pathFor, urlFor } from './openai-paths.js';

const MODELS_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Any OpenAI-compatible worker: vLLM, SGLang, TensorRT-LLM, OpenAI itself. Uses undici's request()
 * on a keep-alive Agent (DESIGN §5: global fetch costs ~4x the CPU); bodies stay Node streams and
 * redirects are never followed.
 */
export function createOpenAiProvider(): ProviderAdapter {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256, pipelining: 1 });

  const headersFor = (worker: Worker, requestId: string): Record<string, string> => ({
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'x-request-id': requestId,
    ...(worker.apiKey === undefined ? {} : { authorization: `Bearer ${worker.apiKey}` }),
  });

  return {
    runtimes: ['openai', 'vllm', 'sglang', 'trtllm'],

    async send(call: UpstreamCall): Promise<UpstreamReply> {
      try {
        const res = await request(urlFor(call.worker.url, pathFor(call.operation)), {
          method: 'POST',
          headers: headersFor(call.worker, call.requestId),
          body: JSON.stringify(call.body),
          signal: call.signal,
          dispatcher: agent,
          headersTimeout: call.headersTimeoutMs,
        });
        // Koa destroys a relayed body when the client leaves; unhandled, that error kills the process.
        res.body.on('error', () => undefined);
        return { status: res.statusCode, headers: flattenHeaders(res.headers), body: res.body };
      } catch (err) {
        throw toUnreachable(err);
      }
    },

    async listModels(worker: Worker, signal: AbortSignal): Promise<string[]> {
      let res;
      try {
        res = await request(urlFor(worker.url, '/v1/models'), {
          method: 'GET',
          headers: headersFor(worker, 'model-discovery'),
          signal,
          dispatcher: agent,
        });
      } catch (err) {
        throw toUnreachable(err);
      }
      res.body.on('error', () => undefined);
      if (res.statusCode !== 200) {
        res.body.destroy();
        throw new Error(`GET /v1/models answered HTTP ${res.statusCode}`);
      }
      return parseModelIds(JSON.parse((await readBoundedBody(res.body, MODELS_BODY_LIMIT)).toString('utf8')));
    },

    close: () => agent.close(),
  };
}

/** `{"data":[{"id":…}]}` from an untrusted worker; anything else is refused. */
export function parseModelIds(value: unknown): string[] {
  const data = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)['data'] : undefined;
  if (!Array.isArray(data)) throw new Error('GET /v1/models did not return a model list');
  const ids = data.map((item: unknown) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>)['id'] : undefined));
  return ids.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 256);
}

function toUnreachable(err: unknown): UpstreamUnreachableError {
  if (err instanceof undiciErrors.HeadersTimeoutError) {
    return new UpstreamUnreachableError('upstream headers timeout', 'headers_timeout', { cause: err });
  }
  if (err instanceof undiciErrors.RequestAbortedError || (err as Error).name === 'AbortError') {
    return new UpstreamUnreachableError('upstream request aborted', 'aborted', { cause: err });
  }
  const code = (err as NodeJS.ErrnoException).code;
  const kind = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connect' : 'other';
  return new UpstreamUnreachableError(`upstream request failed (${code ?? 'error'})`, kind, { cause: err });
}
