import { AgentCard, type AgentInterface } from '@a2a-js/sdk';
import { PACKAGE_VERSION } from '../../core/package-root.js';
import type { PluginRoute } from '../../core/plugin-contract.js';
import { recordOf, stringOr } from '../../core/util/narrow-json.js';
import type { A2aAgentRegistry } from './a2a-agent-registry.js';

/** The card's name for the data plane's credential (a `Bearer` API key, as on /v1/chat/completions). */
const SECURITY_SCHEME = 'switchyard_api_key';
const JSONRPC = 'JSONRPC';

/**
 * The gateway's own A2A card (seed 002), public as cards are, written by the A2A SDK's own codec
 * (`AgentCard.toJSON`: A2A v1.0, ProtoJSON) so the SDK's resolver and client read it as they read
 * any agent's:
 *
 * - `supportedInterfaces`: the tenant-facing `/v1/a2a`, once per agent it fronts, with the agent's
 *   id as the interface's `tenant` (the SDK client sends it as `params.tenant`, which is how
 *   `/v1/a2a` picks the agent). Only these: the SDK's ClientFactory takes the last v1.0 interface
 *   of a binding, the spec the first, and both must land on `/v1/a2a`. A client wanting one agent
 *   picks the interface whose tenant is its id. With no agent yet, the bare `/v1/a2a` (requests
 *   then say how to name one).
 * - `securitySchemes` / `securityRequirements`: the data plane wants a `Bearer` API key.
 * - For A2A v0.3 readers, the same endpoints in v0.3's fields: `url` (`/v1/a2a`, agent named in
 *   `params.metadata.agent_id`), `preferredTransport`, `additionalInterfaces` (the per-agent paths,
 *   which need no naming) and `protocolVersion`. v1.0 readers ignore them.
 *
 * Addresses are built from the request's Host; only agents' ids, names and descriptions are shown,
 * never their URLs.
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
      const ids = agents.map((a) => a.registration.agent_id);
      const byTenant = (tenant: string): AgentInterface => ({ url: `${base}/v1/a2a`, protocolBinding: JSONRPC, tenant, protocolVersion: '1.0' });
      const card: AgentCard = {
        name: 'Switchyard',
        description:
          `An A2A gateway fronting ${agents.length} agent(s): send A2A JSON-RPC to /v1/a2a naming the agent as params.tenant ` +
          '(or to /v1/a2a/{agent_id}) with a data-plane API key as a Bearer token. Each skill is one agent; its id is the agent_id.',
        supportedInterfaces: ids.length === 0 ? [byTenant('')] : ids.map(byTenant),
        provider: undefined,
        version: PACKAGE_VERSION,
        capabilities: { streaming: true, pushNotifications: false, extensions: [] },
        securitySchemes: {
          [SECURITY_SCHEME]: { scheme: { $case: 'httpAuthSecurityScheme', value: { scheme: 'Bearer', bearerFormat: '', description: 'A Switchyard data-plane API key (Authorization: Bearer <key>).' } } },
        },
        securityRequirements: [{ schemes: { [SECURITY_SCHEME]: { list: [] } } }],
        defaultInputModes: ['text/plain'],
        defaultOutputModes: ['text/plain'],
        skills: agents.map((a) => ({
          id: a.registration.agent_id,
          name: a.registration.name,
          description: a.registration.description ?? stringOr(recordOf(a.card)['description']),
          tags: ['a2a-agent'],
          examples: [],
          inputModes: [],
          outputModes: [],
          securityRequirements: [],
        })),
        signatures: [],
      };
      const v03 = {
        protocolVersion: '0.3.0',
        url: `${base}/v1/a2a`,
        preferredTransport: JSONRPC,
        additionalInterfaces: ids.map((id) => ({ url: `${base}/v1/a2a/${id}`, transport: JSONRPC })),
      };
      return { headers: { 'cache-control': 'max-age=60' }, body: { ...recordOf(AgentCard.toJSON(card)), ...v03 } };
    },
  };
}
