import type { Readable } from 'node:stream';
import type { HttpMethod, JsonObject, RouteDescriptor } from '../pipeline/exchange.js';
import type { ErrorResponse } from '../errors/openai-error-body.js';

/**
 * A client API other than OpenAI's (Anthropic's /v1/messages …), spoken at the edge only: the
 * body is converted to an OpenAI chat request at ingress, the ordinary pipeline runs, and its
 * answer (JSON or SSE) and errors are converted back.
 */
export interface RouteDialect {
  readonly toOpenAi: (body: JsonObject) => JsonObject;
  readonly fromOpenAiJson: (body: unknown, requestedModel: string) => unknown;
  readonly fromOpenAiStream: (stream: Readable, requestedModel: string) => Readable;
  readonly formatError: (err: unknown) => ErrorResponse;
  /** An error as one in-band event of this API's stream (the whole event, blank line included). */
  readonly formatStreamError: (err: unknown) => string;
}

/**
 * How a passthrough route's body is read: `json` (validated as an object, forwarded as sent),
 * `multipart` (multipart/form-data, its `model` field read for routing), `raw` (any body, or none).
 */
export type PassthroughBody = 'json' | 'multipart' | 'raw';

/**
 * Where a passthrough request goes: the workers of its `model` (the default), the provider named
 * by `passthrough.files_provider`, or the provider named in the path (/proxy/{provider}/…).
 */
export type PassthroughTarget = 'model' | 'files-provider' | 'path-provider';

export interface DataPlaneRoute extends RouteDescriptor {
  /** `$id` of the schema the request body must satisfy at ingress (JSON bodies). */
  readonly requestSchemaId?: string;
  readonly dialect?: RouteDialect;
  /** Accepts `x-api-key` as well as a bearer token (Anthropic clients send it). */
  readonly acceptsXApiKey?: boolean;
  readonly passthrough?: { readonly body: PassthroughBody; readonly target: PassthroughTarget };
}

const REQUESTS = 'https://switchyard.dev/schemas/requests';
const PASSTHROUGH_JSON = `${REQUESTS}/passthrough-json.schema.json`;

function forwarded(path: string, methods: readonly HttpMethod[], body: PassthroughBody, target: PassthroughTarget = 'model', streamable = false): DataPlaneRoute {
  return {
    path,
    methods,
    operation: 'passthrough',
    streamable,
    ...(body === 'json' ? { requestSchemaId: PASSTHROUGH_JSON } : {}),
    passthrough: { body, target },
  };
}

/** Every pipeline-backed route the kernel serves. Config keys its overrides by these paths. */
export const DATA_PLANE_ROUTES: readonly DataPlaneRoute[] = Object.freeze([
  {
    path: '/v1/chat/completions',
    methods: ['POST'],
    operation: 'chat.completions',
    streamable: true,
    requestSchemaId: `${REQUESTS}/chat-completions.schema.json`,
  },
  {
    path: '/v1/completions',
    methods: ['POST'],
    operation: 'completions',
    streamable: true,
    requestSchemaId: `${REQUESTS}/completions.schema.json`,
  },
  {
    path: '/v1/embeddings',
    methods: ['POST'],
    operation: 'embeddings',
    streamable: false,
    requestSchemaId: `${REQUESTS}/embeddings.schema.json`,
  },
  forwarded('/v1/responses', ['POST'], 'json', 'model', true),
  forwarded('/v1/rerank', ['POST'], 'json'),
  forwarded('/rerank', ['POST'], 'json'),
  forwarded('/v1/classify', ['POST'], 'json'),
  forwarded('/generate', ['POST'], 'json', 'model', true),
  forwarded('/v1/moderations', ['POST'], 'json'),
  forwarded('/v1/images/generations', ['POST'], 'json'),
  forwarded('/v1/audio/speech', ['POST'], 'json'),
  forwarded('/v1/audio/transcriptions', ['POST'], 'multipart'),
  forwarded('/v1/files', ['GET', 'POST'], 'raw', 'files-provider'),
  forwarded('/v1/files/:id', ['GET', 'DELETE'], 'raw', 'files-provider'),
  forwarded('/v1/files/:id/content', ['GET'], 'raw', 'files-provider'),
  forwarded('/v1/batches', ['GET', 'POST'], 'raw', 'files-provider'),
  forwarded('/v1/batches/:id', ['GET'], 'raw', 'files-provider'),
  forwarded('/v1/batches/:id/cancel', ['POST'], 'raw', 'files-provider'),
  forwarded('/proxy/:provider/{*rest}', ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], 'raw', 'path-provider', true),
]);
