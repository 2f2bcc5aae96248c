/**
 * What Switchyard answers on the stream (`envoy.service.ext_proc.v3.ProcessingResponse`), as the
 * plain objects proto-loader serialises: field names as in the .proto, bytes as Buffer, enums by name.
 */
export interface HeaderChanges {
  /** Set (replacing any value Envoy has). */
  readonly set: Readonly<Record<string, string>>;
  readonly remove: readonly string[];
}

export const NO_CHANGES: HeaderChanges = Object.freeze({ set: Object.freeze({}), remove: Object.freeze([]) });

/** The body to put in place of what Envoy sent with the message answered. */
export type BodyChange = { readonly kind: 'replace'; readonly body: Buffer } | { readonly kind: 'clear' } | undefined;

export type ProcessingResponse = Record<string, unknown>;

function headerMutation(changes: HeaderChanges): Record<string, unknown> | undefined {
  const set = Object.entries(changes.set);
  if (set.length === 0 && changes.remove.length === 0) return undefined;
  return {
    // Values go in raw_value, as Envoy reads them; OVERWRITE: never a second copy of a header.
    set_headers: set.map(([key, value]) => ({ header: { key, raw_value: Buffer.from(value, 'latin1') }, append_action: 'OVERWRITE_IF_EXISTS_OR_ADD' })),
    remove_headers: [...changes.remove],
  };
}

function commonResponse(changes: HeaderChanges, body: BodyChange, clearRouteCache: boolean): Record<string, unknown> {
  const mutation = headerMutation(changes);
  return {
    status: 'CONTINUE',
    ...(mutation === undefined ? {} : { header_mutation: mutation }),
    ...(body === undefined ? {} : { body_mutation: body.kind === 'clear' || body.body.length === 0 ? { clear_body: true } : { body: body.body } }),
    // Envoy picks the route (and so the cluster) again when a header it routes by changed.
    ...(clearRouteCache ? { clear_route_cache: true } : {}),
  };
}

export function headersResponse(which: 'request_headers' | 'response_headers', changes: HeaderChanges = NO_CHANGES, clearRouteCache = false): ProcessingResponse {
  return { [which]: { response: commonResponse(changes, undefined, clearRouteCache) } };
}

export function bodyResponse(which: 'request_body' | 'response_body', changes: HeaderChanges = NO_CHANGES, body: BodyChange = undefined, clearRouteCache = false): ProcessingResponse {
  return { [which]: { response: commonResponse(changes, body, clearRouteCache) } };
}

export function trailersResponse(which: 'request_trailers' | 'response_trailers'): ProcessingResponse {
  return { [which]: {} };
}

/** What Envoy sends the client instead of going on: a refusal, or an answer a stage gave itself. */
export interface ImmediateAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly contentType: string;
}

/** A JSON answer (the gateway's OpenAI-shaped error, a cached completion). */
export function jsonAnswer(answer: { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: unknown }): ImmediateAnswer {
  return { status: answer.status, headers: answer.headers, body: Buffer.from(JSON.stringify(answer.body) ?? 'null', 'utf8'), contentType: 'application/json' };
}

export function immediateResponse(answer: ImmediateAnswer, requestId: string, details: string): ProcessingResponse {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(answer.headers)) {
    // Envoy frames the body itself; hop-by-hop and length headers are its business.
    if (['content-length', 'connection', 'transfer-encoding'].includes(key.toLowerCase())) continue;
    headers[key.toLowerCase()] = value;
  }
  headers['content-type'] = answer.contentType;
  headers['x-request-id'] = requestId;
  const mutation = headerMutation({ set: headers, remove: [] });
  return {
    immediate_response: {
      status: { code: answer.status },
      ...(mutation === undefined ? {} : { headers: mutation }),
      body: answer.body,
      // %RESPONSE_CODE_DETAILS% in Envoy's access log: a code, never request content.
      details: details.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 64),
    },
  };
}
