import { request, type Dispatcher } from 'undici';
import { GatewayError } from '../../../../core/errors/gateway-error.js';
import { flattenHeaders } from '../../../../core/http/flatten-headers.js';
import type { ProviderAdapter, UpstreamCall, UpstreamReply } from '../provider-contract.js';
import { UpstreamUnreachableError } from '../provider-contract.js';
import { toUnreachable } from '../to-unreachable.js';
import { timedRequest } from '../timed-request.js';
import { readBoundedBody } from '../../../../core/streams/read-bounded-body.js';
import { recordOf, recordsOf, type JsonRecord } from '../../../../core/util/narrow-json.js';
import type { DiscoveredModelInfo, Worker } from '../../fleet/worker.js';
import { pathFor, urlFor } from './openai-paths.js';
import { createAgentPool } from '../agent-pool.js';
import { mergeObjects } from '../../../../core/util/merge-objects.js';

const MODELS_BODY_LIMIT = 4 * 1024 * 1024;
const DEFAULT_CONNECT_MS = 10_000;
const FLUSH_PATHS: Readonly<Record<string, string>> = { sglang: '/flush_cache', vllm: '/reset_prefix_cache' };

/**
 * Any OpenAI-compatible worker: vLLM, SGLang, TensorRT-LLM, OpenAI itself. Uses undici's request()
 * on keep-alive Agents (DESIGN §5: global fetch costs ~4x the CPU); bodies stay Node streams and
 * redirects are never followed.
 */
export function createOpenAiProvider(): ProviderAdapter {
  const pool = createAgentPool();
  const agentFor = (worker: Worker, connectMs: number): Dispatcher => pool.agentFor(worker, connectMs);

  const headersFor = (worker: Worker, requestId: string): Record<string, string> => ({
    accept: 'application/json, text/event-stream',
    'x-request-id': requestId,
    ...(worker.apiKey === undefined ? {} : { authorization: `Bearer ${worker.apiKey}` }),
  });

  const call = async (worker: Worker, method: 'GET' | 'POST', path: string, signal: AbortSignal) => {
    try {
      const res = await request(urlFor(worker.url, path), {
        method,
        headers: headersFor(worker, 'switchyard-probe'),
        signal,
        dispatcher: agentFor(worker, DEFAULT_CONNECT_MS),
      });
      res.body.on('error', () => undefined);
      return res;
    } catch (err) {
      throw toUnreachable(err);
    }
  };

  return {
    runtimes: ['openai', 'vllm', 'sglang', 'trtllm'],

    async send(call: UpstreamCall): Promise<UpstreamReply> {
      const target = targetOf(call);
      const res = await timedRequest(call, {
        url: target.url,
        method: target.method,
        headers: mergeObjects(call.headers, headersFor(call.worker, call.requestId), target.headers),
        body: target.body ?? null,
        dispatcher: agentFor(call.worker, call.timeouts.connectMs),
      });
      return { status: res.statusCode, headers: flattenHeaders(res.headers), body: res.body };
    },

    async listModels(worker: Worker, signal: AbortSignal): Promise<string[]> {
      const res = await call(worker, 'GET', '/v1/models', signal);
      if (res.statusCode !== 200) {
        res.body.destroy();
        throw new Error(`GET /v1/models answered HTTP ${res.statusCode}`);
      }
      const list: unknown = JSON.parse((await readBoundedBody(res.body, MODELS_BODY_LIMIT)).toString('utf8'));
      worker.discoveredInfo = parseModelInfo(list);
      return parseModelIds(list);
    },

    async probe(worker: Worker, signal: AbortSignal): Promise<number> {
      const path = worker.spec.health.path ?? (worker.runtime === 'openai' ? '/v1/models' : '/health');
      const res = await call(worker, 'GET', path, signal);
      await res.body.dump();
      return res.statusCode;
    },

    async flushCache(worker: Worker, signal: AbortSignal): Promise<number | undefined> {
      // SGLang: POST /flush_cache; vLLM: POST /reset_prefix_cache; hosted APIs have none.
      const path = FLUSH_PATHS[worker.runtime];
      if (path === undefined) return undefined;
      const res = await call(worker, 'POST', path, signal);
      await res.body.dump();
      return res.statusCode;
    },

    async fetchMetrics(worker: Worker, signal: AbortSignal): Promise<string | undefined> {
      if (worker.runtime === 'openai') return undefined;
      const res = await call(worker, 'GET', '/metrics', signal);
      if (res.statusCode !== 200) {
        await res.body.dump();
        return undefined;
      }
      return (await readBoundedBody(res.body, MODELS_BODY_LIMIT)).toString('utf8');
    },

    close: () => pool.close(),
  };
}

interface Target {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer | undefined;
}

/**
 * What goes on the wire: the operation's JSON, or a passthrough request's own bytes and media type
 * on the path the route built. Either way the host is the worker's: the client picks none.
 */
function targetOf(call: UpstreamCall): Target {
  const raw = call.raw;
  if (raw === undefined || call.operation !== 'passthrough') {
    if (call.operation === 'passthrough') throw new UpstreamUnreachableError('passthrough without a request', 'other');
    return {
      url: urlFor(call.worker.url, pathFor(call.operation)),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(call.bodyExtras === undefined ? call.body : mergeObjects<unknown>(call.body, call.bodyExtras)),
    };
  }
  const url = urlFor(call.worker.url, raw.path);
  // Ingress already refuses dot segments; this is the last line, and the client's fault, not the worker's.
  if (!sameBase(url, call.worker.url)) throw new GatewayError('GW_ERR_REQUEST_PATH_INVALID', "The path would leave the provider's base URL.");
  const headers: Record<string, string> = { accept: raw.accept ?? '*/*' };
  if (raw.contentType !== undefined) headers['content-type'] = raw.contentType;
  return { url, method: raw.method, headers, body: raw.body };
}

/** The URL stays on the worker's origin and under its base path. */
function sameBase(url: string, base: string): boolean {
  const target = new URL(url);
  const root = new URL(base);
  const rootPath = root.pathname.replace(/\/+$/, '');
  return target.origin === root.origin && (rootPath === '' || target.pathname === rootPath || target.pathname.startsWith(`${rootPath}/`));
}

/** `{"data":[{"id":…}]}` from an untrusted worker; anything else is refused. */
export function parseModelIds(value: unknown): string[] {
  const data = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)['data'] : undefined;
  if (!Array.isArray(data)) throw new Error('GET /v1/models did not return a model list');
  const ids = data.map((item: unknown) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>)['id'] : undefined));
  return ids.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 256);
}

/** The first positive whole number among an entry's fields, in order of preference. */
function firstCount(entry: JsonRecord, fields: readonly string[]): number | undefined {
  for (const field of fields) {
    const value = entry[field];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  }
  return undefined;
}

/**
 * What a worker says about its models beyond the id: vLLM and SGLang report `max_model_len`;
 * other OpenAI-compatible servers `context_length` or `context_window`, and sometimes a cap on
 * output. Shown in /v1/models unless the config says otherwise.
 */
export function parseModelInfo(value: unknown): Map<string, DiscoveredModelInfo> {
  const info = new Map<string, DiscoveredModelInfo>();
  for (const entry of recordsOf(recordOf(value)['data'])) {
    const id = entry['id'];
    if (typeof id !== 'string' || id.length === 0 || id.length > 256) continue;
    const contextWindow = firstCount(entry, ['max_model_len', 'context_length', 'context_window']);
    const maxTokens = firstCount(entry, ['max_output_tokens', 'max_completion_tokens', 'max_tokens']);
    if (contextWindow === undefined && maxTokens === undefined) continue;
    info.set(id, { ...(contextWindow === undefined ? {} : { context_window: contextWindow }), ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }) });
  }
  return info;
}
