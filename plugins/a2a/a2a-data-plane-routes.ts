import type { DataPlaneRoute } from '../../core/http/data-plane-routes.js';
import { A2A_RELAY_STAGE } from './a2a-relay-stage.js';

const BODY_SCHEMA = 'https://switchyard.dev/schemas/requests/a2a-jsonrpc.schema.json';

function a2aRoute(path: string): DataPlaneRoute {
  return {
    path,
    methods: ['POST'],
    // Forwarded as sent: the JSON-RPC body is the agent's business (read as JSON so that policy
    // stages can look at it); `target` is informational, the relay stage answers these routes.
    operation: 'passthrough',
    streamable: false,
    requestSchemaId: BODY_SCHEMA,
    passthrough: { body: 'json', target: 'a2a-agent' },
    terminalStage: A2A_RELAY_STAGE,
  };
}

/**
 * Seed 002's A2A data plane: the agent in the path, or named in the request (`params.tenant`,
 * `params.metadata.agent_id`). Both run the default pipeline's stages with `a2a-relay` as the
 * terminal one, so keys, limits, budgets and request metrics apply as on `/v1/chat/completions`.
 */
export const A2A_ROUTES: readonly DataPlaneRoute[] = Object.freeze([a2aRoute('/v1/a2a'), a2aRoute('/v1/a2a/:agent_id')]);
