import type { DataPlaneRoute, PassthroughBody } from '../../core/http/data-plane-routes.js';
import type { HttpMethod } from '../../core/pipeline/exchange.js';

const REQUESTS = 'https://switchyard.dev/schemas/requests';
const PASSTHROUGH_JSON = `${REQUESTS}/passthrough-json.schema.json`;

/**
 * Where a forwarded request goes: the workers of its `model` (the default), the provider named by
 * `passthrough.files_provider`, or the provider named in the path (/proxy/{provider}/…).
 */
export type PassthroughTarget = 'model' | 'files-provider' | 'path-provider';

function forwarded(path: string, methods: readonly HttpMethod[], body: PassthroughBody, target: PassthroughTarget = 'model', streamable = false): DataPlaneRoute {
  return {
    path,
    methods,
    operation: 'passthrough',
    streamable,
    ...(body === 'json' ? { requestSchemaId: PASSTHROUGH_JSON } : {}),
    passthrough: { body, target, ...(target === 'path-provider' ? { pathParam: 'provider' } : {}) },
  };
}

/** The OpenAI-compatible API the upstream plugin serves. Config keys route overrides by these paths. */
export const OPENAI_ROUTES: readonly DataPlaneRoute[] = Object.freeze([
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
