import { toOpenAiErrorBody, type ErrorResponse } from '../../core/errors/openai-error-body.js';

const TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/** Errors on /v1/messages in Anthropic's shape: {"type":"error","error":{"type","message"}}. */
export function toAnthropicError(err: unknown): ErrorResponse {
  const { status, body, headers } = toOpenAiErrorBody(err);
  const type = TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return { status, headers, body: { type: 'error', error: { type, message: body.error.message } } };
}

/** An error as Anthropic's in-band stream event (the SDK raises it). */
export function toAnthropicStreamError(err: unknown): string {
  return `event: error\ndata: ${JSON.stringify(toAnthropicError(err).body)}\n\n`;
}
