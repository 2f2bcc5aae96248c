import { GatewayError } from '../../core/errors/gateway-error.js';
import { toOpenAiErrorBody } from '../../core/errors/openai-error-body.js';
import type { PluginRequest, PluginResponse, PluginRoute } from '../../core/plugin-contract.js';
import { SsrfError } from '../upstream/ssrf/ssrf-policy.js';
import type { AgentRegistration } from './a2a-agent-registration.generated.js';
import type { A2aAgentRegistry, RegisteredAgent } from './a2a-agent-registry.js';

export const AGENT_SCHEMA = 'https://switchyard.dev/schemas/admin/a2a-agent-register.schema.json';

function viewOfAgent(agent: RegisteredAgent): Record<string, unknown> {
  return {
    ...agent.registration,
    card_cached: agent.card !== undefined,
    ...(agent.cardFetchedAt === undefined ? {} : { card_fetched_at: agent.cardFetchedAt }),
    ...(agent.lastError === undefined ? {} : { last_error: agent.lastError }),
  };
}

/** Seed 003's A2A agent registry (control plane); 404s carry `detail` next to the OpenAI-shaped `error`. */
export function a2aAdminRoutes(registry: A2aAgentRegistry, isRegistration: (value: unknown) => value is AgentRegistration): PluginRoute[] {
  const notFound = (agentId: string): PluginResponse => {
    const detail = `No A2A agent "${agentId.slice(0, 64)}" is registered; GET /a2a/agents lists them.`;
    const { status, body } = toOpenAiErrorBody(new GatewayError('GW_ERR_ADMIN_NOT_FOUND', detail));
    return { status, body: { detail, ...body } };
  };
  const idOf = (request: PluginRequest): string => request.params['agent_id'] ?? '';
  return [
    {
      method: 'POST',
      path: '/a2a/agents',
      group: 'control',
      bodySchemaId: AGENT_SCHEMA,
      async handle(request) {
        if (!isRegistration(request.body)) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body.');
        try {
          return { status: 201, body: viewOfAgent(await registry.register(request.body)) };
        } catch (err) {
          if (err instanceof SsrfError) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', `Invalid body: /url ${err.message} (see security.ssrf to allow it).`, { param: 'url' });
          throw err;
        }
      },
    },
    {
      method: 'GET',
      path: '/a2a/agents',
      group: 'control',
      handle() {
        const agents = registry.agents.map(viewOfAgent);
        return { body: { agents, total: agents.length } };
      },
    },
    {
      method: 'GET',
      path: '/a2a/agents/:agent_id',
      group: 'control',
      handle(request) {
        const agent = registry.get(idOf(request));
        return agent === undefined ? notFound(idOf(request)) : { body: viewOfAgent(agent) };
      },
    },
    {
      method: 'DELETE',
      path: '/a2a/agents/:agent_id',
      group: 'control',
      async handle(request) {
        const agent = await registry.remove(idOf(request));
        return agent === undefined ? notFound(idOf(request)) : { body: { agent_id: agent.registration.agent_id, deleted: true } };
      },
    },
    {
      method: 'GET',
      path: '/a2a/agents/:agent_id/card',
      group: 'control',
      async handle(request) {
        const agent = registry.get(idOf(request));
        if (agent === undefined) return notFound(idOf(request));
        if (agent.card === undefined) await registry.refreshCard(agent);
        if (agent.card === undefined) {
          throw new GatewayError('GW_ERR_UPSTREAM_UNREACHABLE', `The agent's card could not be fetched (${agent.lastError ?? 'unknown'}); check that it serves /.well-known/agent-card.json.`);
        }
        return { body: agent.card };
      },
    },
  ];
}
