/**
 * What Envoy sends on the stream (`envoy.service.ext_proc.v3.ProcessingRequest`), narrowed from
 * the decoded gRPC payload: it is `unknown` until these guards have looked at it.
 */
export type BodySendMode = 'NONE' | 'STREAMED' | 'BUFFERED' | 'BUFFERED_PARTIAL' | 'FULL_DUPLEX_STREAMED' | 'GRPC';

export type ProcessingStep =
  | { readonly kind: 'request_headers' | 'response_headers'; readonly headers: Readonly<Record<string, string>>; readonly endOfStream: boolean }
  | { readonly kind: 'request_body' | 'response_body'; readonly body: Buffer; readonly endOfStream: boolean }
  | { readonly kind: 'request_trailers' | 'response_trailers' };

export interface ProcessingRequest {
  readonly step: ProcessingStep;
  /** Envoy will ignore any answer (the filter runs in observability mode). */
  readonly observabilityMode: boolean;
  /** Sent on the first message only (newer Envoys). */
  readonly requestBodyMode: BodySendMode | undefined;
  readonly responseBodyMode: BodySendMode | undefined;
}

/** Why a message cannot be processed: becomes the stream's INVALID_ARGUMENT status. */
export class MalformedMessage extends Error {
  override name = 'MalformedMessage';
}

const BODY_MODES: readonly BodySendMode[] = ['NONE', 'STREAMED', 'BUFFERED', 'BUFFERED_PARTIAL', 'FULL_DUPLEX_STREAMED', 'GRPC'];
/** Largest header value kept (Envoy's own limit is far below). */
const MAX_HEADER_VALUE = 64 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function bodyMode(value: unknown): BodySendMode | undefined {
  return BODY_MODES.find((mode) => mode === value);
}

/** A header map's entries, lower-cased; repeated names joined with ", " as the HTTP data plane does. */
function readHeaderMap(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  const list = isRecord(value) ? value['headers'] : undefined;
  if (list === undefined) return headers;
  if (!Array.isArray(list)) throw new MalformedMessage('HttpHeaders.headers.headers must be a list of HeaderValue.');
  for (const entry of list as unknown[]) {
    if (!isRecord(entry) || typeof entry['key'] !== 'string' || entry['key'] === '') throw new MalformedMessage('Every HeaderValue needs a key.');
    // Envoy sends the value in raw_value (bytes); older Envoys in value.
    const raw = entry['raw_value'];
    const text = Buffer.isBuffer(raw) && raw.length > 0 ? raw.toString('latin1') : typeof entry['value'] === 'string' ? entry['value'] : '';
    if (text.length > MAX_HEADER_VALUE) throw new MalformedMessage(`The header ${entry['key'].slice(0, 64)} is longer than ${MAX_HEADER_VALUE} bytes.`);
    const key = entry['key'].toLowerCase();
    headers[key] = headers[key] === undefined ? text : `${headers[key]}, ${text}`;
  }
  return headers;
}

function readHeaders(kind: 'request_headers' | 'response_headers', value: unknown): ProcessingStep {
  if (!isRecord(value)) throw new MalformedMessage(`${kind} must be an HttpHeaders message.`);
  return { kind, headers: readHeaderMap(value['headers']), endOfStream: value['end_of_stream'] === true };
}

function readBody(kind: 'request_body' | 'response_body', value: unknown): ProcessingStep {
  if (!isRecord(value)) throw new MalformedMessage(`${kind} must be an HttpBody message.`);
  const body = value['body'];
  if (body !== undefined && !Buffer.isBuffer(body)) throw new MalformedMessage(`${kind}.body must be bytes.`);
  return { kind, body: body ?? Buffer.alloc(0), endOfStream: value['end_of_stream'] === true };
}

/** The decoded message (proto-loader: oneofs named in `request`, bytes as Buffer, enums as names). */
export function readProcessingRequest(message: unknown): ProcessingRequest {
  if (!isRecord(message)) throw new MalformedMessage('A ProcessingRequest was expected.');
  const which = message['request'];
  let step: ProcessingStep;
  switch (which) {
    case 'request_headers':
    case 'response_headers':
      step = readHeaders(which, message[which]);
      break;
    case 'request_body':
    case 'response_body':
      step = readBody(which, message[which]);
      break;
    case 'request_trailers':
    case 'response_trailers':
      step = { kind: which };
      break;
    default:
      throw new MalformedMessage(
        'The ProcessingRequest carries none of request_headers, request_body, request_trailers, response_headers, response_body, response_trailers (ext_proc v3): is the client speaking envoy.service.ext_proc.v3?',
      );
  }
  const protocol = isRecord(message['protocol_config']) ? message['protocol_config'] : {};
  return {
    step,
    observabilityMode: message['observability_mode'] === true,
    requestBodyMode: bodyMode(protocol['request_body_mode']),
    responseBodyMode: bodyMode(protocol['response_body_mode']),
  };
}
