import type { Plugin } from '../../core/plugin-contract.js';
import { SECURITY } from '../upstream/config/sections.js';
import { SsrfPolicy } from '../upstream/ssrf/ssrf-policy.js';
import { createSsrfFetch } from '../tool-loop/mcp/ssrf-fetch.js';
import { a2aAdminRoutes, AGENT_SCHEMA } from './a2a-admin-routes.js';
import type { AgentRegistration } from './a2a-agent-registration.generated.js';
import { A2A_STATE_FILE, A2aAgentRegistry } from './a2a-agent-registry.js';
import { A2A_ROUTES } from './a2a-data-plane-routes.js';
import { a2aRelayStage } from './a2a-relay-stage.js';
import { gatewayAgentCardRoute } from './gateway-agent-card.js';

/**
 * The A2A agent registry (`/a2a/agents`, seed 003): agents registered at runtime, their cards
 * fetched with the A2A SDK and cached — and the `/v1/a2a` data plane, answered by its `a2a-relay`
 * stage. It reads `security` for the SSRF policy `/workers` applies.
 */
export function createA2aPlugin(): Plugin {
  return {
    name: 'a2a',
    configSections: { [SECURITY.key]: SECURITY.schemaId },
    async setup(context) {
      const ssrf = new SsrfPolicy(context.section(SECURITY).ssrf);
      const http = createSsrfFetch(ssrf);
      const isRegistration = context.validators.guard<AgentRegistration>(AGENT_SCHEMA);
      const registry = new A2aAgentRegistry({ ssrf, http, logger: context.logger, state: context.checkOnly ? undefined : context.state, isRegistration });
      await registry.restore();
      // Agents registered on another replica arrive as the saved list (when state is replicated).
      const stopShared = context.checkOnly ? undefined : context.state?.onChange(A2A_STATE_FILE, (saved) => registry.applySaved(saved));
      return {
        stages: [a2aRelayStage(registry, ssrf, http)],
        dataPlaneRoutes: A2A_ROUTES,
        routes: [...a2aAdminRoutes(registry, isRegistration), gatewayAgentCardRoute(registry)],
        close: () => {
          stopShared?.();
          return http.close();
        },
      };
    },
  };
}
