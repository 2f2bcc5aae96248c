import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';
import { BodyTooLargeError, readBoundedBody } from '../streams/read-bounded-body.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) {
    throw new GatewayError('GW_ERR_REQUEST_INVALID_JSON', 'Request body is empty; expected a JSON object.');
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (err) {
    throw new GatewayError('GW_ERR_REQUEST_INVALID_JSON', `Request body is not valid JSON: ${(err as Error).message}`);
  }
}

export const JSON_CONTENT_TYPE = JSON_TYPE;

/**
 * The raw body within the limit, after checking its media type (when `type` is given). A declared
 * Content-Length over the limit is refused before a byte is read; an undeclared (chunked) one as
 * soon as it passes it.
 */
export async function readRawBody(req: IncomingMessage, limitBytes: number, type: RegExp | undefined, typeName = ''): Promise<Buffer> {
  const contentType = req.headers['content-type'] ?? '';
  if (type !== undefined && !type.test(contentType)) {
    throw new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE', `Request body must be ${typeName}.`, {
      param: 'content-type',
    });
  }
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    throw new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE', `Content-Encoding "${encoding.slice(0, 32)}" is not supported.`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);

  try {
    return await readBoundedBody(req, limitBytes, undefined, 'stop');
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw tooLarge(limitBytes);
    // The client gave up mid-upload (or was cut for being too slow): its doing, not an error of ours.
    throw new GatewayError('GW_ERR_REQUEST_ABORTED', 'The client closed the connection before the request body arrived.', { cause: err });
  }
}

function tooLarge(limitBytes: number): GatewayError {
  // Connection: close so the server does not read (and discard) the rest of an oversized upload.
  return new GatewayError('GW_ERR_REQUEST_BODY_TOO_LARGE', `Request body exceeds the ${limitBytes}-byte limit.`, {
    headers: { connection: 'close' },
  });
}
