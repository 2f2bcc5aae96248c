import { GatewayError } from '../../core/errors/gateway-error.js';
import { toOpenAiErrorBody } from '../../core/errors/openai-error-body.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';

/**
 * What travels over /v1/chat/stream, server to client. Every request ends with exactly one
 * terminal message: `DONE_MESSAGE` or an error message (`{"error": {...}}`, the OpenAI shape).
 * Before it, each chunk is the same `chat.completion.chunk` object the SSE stream carries (its
 * data, relayed byte for byte), or for a request without `stream: true` the one `chat.completion`.
 */
export const DONE_MESSAGE = JSON.stringify({ type: 'done' });

/** Subprotocol a client names to speak this protocol (browsers: with `bearer.<token>` next to it). */
export const CHAT_SUBPROTOCOL = 'switchyard.chat.v1';

/**
 * Close codes (4000–4999 are the application's): an auth refusal is 4000 + the HTTP status, so a
 * client reads 4401 as it would read 401. 1001 is a gateway going away (draining).
 */
export const CLOSE_GOING_AWAY = 1001;
export const closeCodeForStatus = (status: 401): number => 4000 + status;

/** An error message from any thrown value (unknown errors never show their message). */
export function errorMessage(err: unknown): string {
  return JSON.stringify(toOpenAiErrorBody(err).body);
}

/**
 * The data plane's error answer as an error message: relayed as is when it has the OpenAI shape,
 * else (never expected from our own gateway) replaced by a generic one.
 */
export function errorMessageFromAnswer(status: number, text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isJsonObject(parsed) && isJsonObject(parsed['error'])) return JSON.stringify({ error: parsed['error'] });
  return errorMessage(new GatewayError('GW_ERR_INTERNAL', `The gateway answered ${status} without an error body.`, { status }));
}

/** True for an SSE data payload that is an in-band error event (the stream ends after it). */
export function isErrorEvent(data: string): boolean {
  if (!data.startsWith('{')) return false;
  try {
    const parsed: unknown = JSON.parse(data);
    return isJsonObject(parsed) && parsed['error'] !== undefined;
  } catch {
    return false;
  }
}
