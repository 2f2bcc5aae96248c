import type { RouteDescriptor } from '../pipeline/exchange.js';

export interface DataPlaneRoute extends RouteDescriptor {
  /** `$id` of the schema the request body must satisfy at ingress. */
  readonly requestSchemaId: string;
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
