import { Readable } from 'node:stream';
import { GatewayError } from '../../core/errors/gateway-error.js';
import type { PluginRoute } from '../../core/plugin-contract.js';
import { recordOf, recordsOf, stringOr } from '../../core/util/narrow-json.js';
import { SsrfError, type SsrfPolicy } from '../upstream/ssrf/ssrf-policy.js';
import type { SsrfFetch } from '../tool-loop/mcp/ssrf-fetch.js';
import type { A2aAgentRegistry, RegisteredAgent } from './a2a-agent-registry.js';

const BODY_SCHEMA = 'https://switchyard.dev/schemas/requests/a2a-jsonrpc.schema.json';

/** The agent's JSON-RPC endpoint: its card's JSONRPC interface, else the registered URL. */
function endpointOf(agent: RegisteredAgent): string {
  const card = recordOf(agent.card);
  const jsonRpc = recordsOf(card['supportedInterfaces']).find((i) => stringOr(i['protocolBinding']).toUpperCase() === 'JSONRPC');
  // v0.3 cards name the preferred endpoint `url` with `preferredTransport`.
  return stringOr(jsonRpc?.['url'], stringOr(card['url'], agent.registration.url));
}

/**
 * Seed 002's A2A data plane: `POST /v1/a2a/{agent_id}` relays one JSON-RPC request
 * (`message/send`, `message/stream`, `tasks/get`, `tasks/cancel`, or their v1.0 names) to the
 * registered agent and its answer back — JSON as it is, SSE event by event as it comes. Data-plane
 * auth applies; the endpoint taken from the agent's card passes the SSRF policy like the
 * registered URL did (a card is the agent's word, not the admin's).
 */
export function a2aProxyRoute(registry: A2aAgentRegistry, ssrf: SsrfPolicy, http: SsrfFetch): PluginRoute {
  return {
    method: 'POST',
    path: '/v1/a2a/:agent_id',
    group: 'protected',
    bodySchemaId: BODY_SCHEMA,
    async handle(request) {
      const agentId = request.params['agent_id'] ?? '';
      const agent = registry.get(agentId);
      if (agent === undefined) throw new GatewayError('GW_ERR_ROUTING_MODEL_NOT_FOUND', `No A2A agent "${agentId.slice(0, 64)}" is registered (GET /a2a/agents lists them).`);
      if (agent.card === undefined) await registry.refreshCard(agent);
      const endpoint = endpointOf(agent);
      try {
        await ssrf.checkUrl(endpoint);
      } catch (err) {
        if (err instanceof SsrfError) throw new GatewayError('GW_ERR_UPSTREAM_UNREACHABLE', `The agent's card names an endpoint the SSRF policy refuses (${err.message}).`);
        throw err;
      }
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
      const version = request.headers['a2a-version'];
      if (version !== undefined) headers['a2a-version'] = version;
      let answer: Response;
      try {
        answer = await http.fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(request.body), signal: request.signal });
      } catch (err) {
        throw new GatewayError('GW_ERR_UPSTREAM_UNREACHABLE', `The A2A agent "${agentId}" could not be reached.`, { cause: err });
      }
      const type = answer.headers.get('content-type') ?? '';
      if (type.startsWith('text/event-stream') && answer.body !== null) {
        // Relayed as it comes; the kernel closes it if the client leaves.
        return { status: answer.status, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, body: Readable.fromWeb(answer.body) };
      }
      const text = await answer.text();
      if (!type.startsWith('application/json')) throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `The A2A agent "${agentId}" answered ${answer.status} with ${type || 'no content type'}, not JSON-RPC.`);
      return { status: answer.status, headers: { 'content-type': 'application/json' }, body: text };
    },
  };
}
