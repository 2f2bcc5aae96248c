import { PACKAGE_VERSION } from '../../core/package-root.js';
import type { PluginRoute } from '../../core/plugin-contract.js';
import { recordOf, stringOr } from '../../core/util/narrow-json.js';
import type { A2aAgentRegistry } from './a2a-agent-registry.js';

/**
 * The gateway's own A2A card (seed 002), public as cards are: one skill and one JSON-RPC
 * interface per agent it fronts, pointing at its `/v1/a2a/{agent_id}` relay. Addresses are built
 * from the request's Host, and only agents' ids, names and descriptions are shown (never their URLs).
 */
export function gatewayAgentCardRoute(registry: A2aAgentRegistry): PluginRoute {
  return {
    method: 'GET',
    path: '/.well-known/agent-card.json',
    group: 'public',
    handle(request) {
      const host = (request.headers['host'] ?? 'localhost').replace(/[^A-Za-z0-9.:[\]-]/g, '');
      const base = `http://${host}`;
      const agents = registry.agents;
      const card = {
        name: 'Switchyard',
        description: `An A2A gateway fronting ${agents.length} agent(s); send JSON-RPC to /v1/a2a/{agent_id} with a data-plane key.`,
        version: PACKAGE_VERSION,
        supportedInterfaces: agents.map((a) => ({ url: `${base}/v1/a2a/${a.registration.agent_id}`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' })),
        capabilities: { streaming: true },
        defaultInputModes: ['text/plain'],
        defaultOutputModes: ['text/plain'],
        skills: agents.map((a) => ({
          id: a.registration.agent_id,
          name: a.registration.name,
          description: a.registration.description ?? stringOr(recordOf(a.card)['description']),
          tags: ['a2a-agent'],
        })),
      };
      return { headers: { 'cache-control': 'max-age=60' }, body: card };
    },
  };
}
