import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Reads a JSON request body with a hard byte limit. A declared Content-Length over the limit is
 * refused before a byte is read; an undeclared (chunked) one is refused as soon as it passes it.
 */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const contentType = req.headers['content-type'] ?? '';
  if (!JSON_TYPE.test(contentType)) {
    throw new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE', 'Request body must be JSON (Content-Type: application/json).', {
      param: 'content-type',
    });
  }
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    throw new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE', `Content-Encoding "${encoding.slice(0, 32)}" is not supported.`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);

  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk);
  }
  if (received === 0) {
    throw new GatewayError('GW_ERR_REQUEST_INVALID_JSON', 'Request body is empty; expected a JSON object.');
  }
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, received).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new GatewayError('GW_ERR_REQUEST_INVALID_JSON', `Request body is not valid JSON: ${(err as Error).message}`);
  }
}

function tooLarge(limitBytes: number): GatewayError {
  // Connection: close so the server does not read (and discard) the rest of an oversized upload.
  return new GatewayError('GW_ERR_REQUEST_BODY_TOO_LARGE', `Request body exceeds the ${limitBytes}-byte limit.`, {
    headers: { connection: 'close' },
  });
}
