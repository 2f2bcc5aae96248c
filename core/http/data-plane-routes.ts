import type { Readable } from 'node:stream';
import type { JsonObject, RouteDescriptor } from '../pipeline/exchange.js';
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
}

export interface DataPlaneRoute extends RouteDescriptor {
  /** `$id` of the schema the request body must satisfy at ingress. */
  readonly requestSchemaId: string;
  readonly dialect?: RouteDialect;
  /** Accepts `x-api-key` as well as a bearer token (Anthropic clients send it). */
  readonly acceptsXApiKey?: boolean;
}

const REQUESTS = 'https://switchyard.dev/schemas/requests';

/** Every pipeline-backed route. Config keys its overrides by these paths. */
export const DATA_PLANE_ROUTES: readonly DataPlaneRoute[] = Object.freeze([
  {
    path: '/v1/chat/completions',
    method: 'POST',
    operation: 'chat.completions',
    streamable: true,
    requestSchemaId: `${REQUESTS}/chat-completions.schema.json`,
  },
  {
    path: '/v1/completions',
    method: 'POST',
    operation: 'completions',
    streamable: true,
    requestSchemaId: `${REQUESTS}/completions.schema.json`,
  },
  {
    path: '/v1/embeddings',
    method: 'POST',
    operation: 'embeddings',
    streamable: false,
    requestSchemaId: `${REQUESTS}/embeddings.schema.json`,
  },
]);
