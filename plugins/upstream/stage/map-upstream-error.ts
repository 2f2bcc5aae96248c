import { GatewayError } from '../../../core/errors/gateway-error.js';
import type { OpenAiErrorType } from '../../../core/errors/error-catalogue.js';
import { readBoundedBody } from '../../../core/streams/read-bounded-body.js';
import type { UpstreamReply } from '../providers/provider-contract.js';
import type { Worker } from '../fleet/worker-pool.js';

const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * An upstream answered with an error status before any byte reached the client: relay its status
 * and, when it speaks the OpenAI error shape, its message, type, code and param. Two exceptions:
 * 401/403 judge the gateway's worker credentials, not the client's, so they become a 502 that
 * says so; and the worker's key is scrubbed from any message that echoes it.
 */
export async function mapUpstreamError(reply: UpstreamReply, worker: Worker): Promise<GatewayError> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readBoundedBody(reply.body, ERROR_BODY_LIMIT)).toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (reply.status === 401 || reply.status === 403) {
    return new GatewayError('GW_ERR_UPSTREAM_STATUS', `The upstream worker refused the gateway's credentials (HTTP ${reply.status}).`, {
      status: 502,
    });
  }
  const error = readOpenAiError(parsed);
  const retryAfter = reply.headers['retry-after'];
  const message = scrub(error?.message ?? `The upstream worker answered HTTP ${reply.status}.`, worker.apiKey);
  return new GatewayError('GW_ERR_UPSTREAM_STATUS', message, {
    status: reply.status >= 400 && reply.status <= 599 ? reply.status : 502,
    type: typeForStatus(reply.status),
    param: error?.param ?? null,
    ...(error?.code ? { publicCode: error.code } : {}),
    ...(retryAfter ? { headers: { 'retry-after': retryAfter } } : {}),
  });
}

interface UpstreamErrorFields {
  readonly message: string | undefined;
  readonly code: string | undefined;
  readonly param: string | undefined;
}

function readOpenAiError(value: unknown): UpstreamErrorFields | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const error = (value as Record<string, unknown>)['error'];
  // vLLM/SGLang sometimes answer {"object":"error","message":…} without the wrapper.
  const fields = error !== null && typeof error === 'object' ? (error as Record<string, unknown>) : (value as Record<string, unknown>);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v.slice(0, 2000) : undefined);
  const code = fields['code'];
  return { message: str(fields['message']), code: typeof code === 'number' ? undefined : str(code), param: str(fields['param']) };
}

function typeForStatus(status: number): OpenAiErrorType {
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 400 && status < 500) return 'invalid_request_error';
  return 'server_error';
}

function scrub(message: string, secret: string | undefined): string {
  return secret !== undefined && secret.length >= 4 ? message.split(secret).join('[redacted]') : message;
}
