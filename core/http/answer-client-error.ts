import type { Socket } from 'node:net';
import { toOpenAiErrorBody } from '../errors/openai-error-body.js';
import { GatewayError } from '../errors/gateway-error.js';

/** Node's own parser limit on the request line plus headers (16 KiB by default). */
const HEADER_OVERFLOW = 'HPE_HEADER_OVERFLOW';

/**
 * Requests Node's HTTP parser refuses never reach Koa. Node would answer a bare 400 (or reset the
 * socket); a client deserves the reason in the usual error shape: 414 for a request line too long,
 * 431 for headers too large, 408 for a request that took too long to arrive, 400 otherwise.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || (err.code === 'ECONNRESET' && socket.destroyed)) {
    socket.destroy();
    return;
  }
  const error = errorFor(err);
  const { status, body } = toOpenAiErrorBody(error);
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(json)}\r\nconnection: close\r\n\r\n${json}`,
  );
}

const REASONS: Readonly<Record<number, string>> = { 400: 'Bad Request', 408: 'Request Timeout', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' };

function errorFor(err: NodeJS.ErrnoException & { rawPacket?: unknown }): GatewayError {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new GatewayError('GW_ERR_REQUEST_TIMEOUT', 'The request did not arrive in time (server.headers_timeout_ms / server.request_timeout_ms).');
  }
  if (err.code === HEADER_OVERFLOW) {
    // The request line alone passing the limit means the URL is what is too long.
    const packet = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined;
    const lineEnd = packet?.indexOf('\r\n') ?? -1;
    if (packet !== undefined && lineEnd === -1) {
      return new GatewayError('GW_ERR_REQUEST_URI_TOO_LONG', 'The request URL is too long.');
    }
    return new GatewayError('GW_ERR_REQUEST_HEADERS_TOO_LARGE', 'The request headers are too large.');
  }
  return new GatewayError('GW_ERR_REQUEST_MALFORMED', 'The request is not valid HTTP.');
}
