import type { Plugin } from '../../core/plugin-contract.js';
import { defineStage } from '../../core/pipeline/stage-contract.js';
import { SECURITY } from '../upstream/config/sections.js';
import { SsrfPolicy } from '../upstream/ssrf/ssrf-policy.js';
import { mcpAdminRoutes, REGISTRATION_SCHEMA } from './mcp/mcp-admin-routes.js';
import { mcpGatewayRoutes } from './mcp/mcp-gateway-server.js';
import { McpGatewaySessions } from './mcp/mcp-gateway-sessions.js';
import { forwardListChanges } from './mcp/forward-list-changes.js';
import type { McpServerRegistration } from './mcp/mcp-server-registration.generated.js';
import { MCP_STATE_FILE, McpServerRegistry } from './mcp/mcp-server-registry.js';
import { createSsrfFetch } from './mcp/ssrf-fetch.js';
import { MCP_TOOLS_GRANT } from './mcp-tools-grant.js';
import { createToolCallMetrics } from './stage/tool-call-metrics.js';
import { createToolLoopStage } from './stage/tool-loop-stage.js';
import type { ToolLoopConfig } from './tool-loop-config.generated.js';
import { defineSection } from '../../core/plugin-contract.js';
import { stdioConnections } from './mcp/stdio-servers.js';
import type { ToolLoopSection } from './tool-loop-section.generated.js';

const TOOL_LOOP = defineSection<ToolLoopSection>('tool_loop', 'https://switchyard.dev/schemas/config/tool-loop.schema.json');

const STAGE_SCHEMA_ID = 'https://switchyard.dev/schemas/stages/tool-loop.schema.json';

/** How often registered MCP servers are pinged (a down one is reconnected). */
const HEALTH_INTERVAL_MS = 30_000;

/**
 * The MCP registry (`/mcp/servers`, `/mcp/tools`, `/mcp/resources`) and, on routes that place it,
 * the `tool-loop` stage that runs registered MCP tools for the model. It reads the `security`
 * section for the same SSRF policy the worker registry applies.
 */
export function createToolLoopPlugin(): Plugin {
  return {
    name: 'tool-loop',
    configSections: { [SECURITY.key]: SECURITY.schemaId, [TOOL_LOOP.key]: TOOL_LOOP.schemaId },
    grants: [MCP_TOOLS_GRANT],
    async setup(context) {
      const ssrf = new SsrfPolicy(context.section(SECURITY).ssrf);
      const isRegistration = context.validators.guard<McpServerRegistration>(REGISTRATION_SCHEMA);
      const http = createSsrfFetch(ssrf);
      // Checked (enabled or not) before anything starts; a config check starts no process.
      const local = stdioConnections(context.section(TOOL_LOOP), http, context.logger);
      const registry = new McpServerRegistry({
        ssrf,
        http,
        logger: context.logger,
        // A config check contacts nothing and restores nothing.
        state: context.checkOnly ? undefined : context.state,
        isRegistration,
        healthIntervalMs: context.checkOnly ? 0 : HEALTH_INTERVAL_MS,
      });
      await registry.restore();
      if (!context.checkOnly) for (const connection of local) registry.addConfigured(connection);
      registry.startHealthChecks();
      // Servers registered on another replica arrive as the saved list (when state is replicated).
      const stopShared = context.checkOnly ? undefined : context.state?.onChange(MCP_STATE_FILE, (saved) => registry.applySaved(saved));
      const sessions = new McpGatewaySessions(context.logger);
      const stopForwarding = forwardListChanges(registry, sessions);
      const services = { registry, metrics: createToolCallMetrics(context.metrics), logger: context.logger };
      return {
        stages: [
          defineStage<ToolLoopConfig>({
            name: 'tool-loop',
            configSchemaId: STAGE_SCHEMA_ID,
            // Each model turn runs the rest of the pipeline (the upstream stage) once more.
            repeatsNext: true,
            create: (config) => createToolLoopStage(config, services),
          }),
        ],
        routes: [...mcpAdminRoutes(registry, isRegistration, context.validators), ...mcpGatewayRoutes(registry, context.logger, services.metrics, sessions)],
        // Public: ids, status and counts only (never a URL, an error text or a credential).
        statsz: () => ({ mcp_servers: registry.servers.map((c) => ({ server_id: c.registration.server_id, status: c.status, tool_count: c.tools.length })) }),
        close: async () => {
          stopShared?.();
          stopForwarding();
          await sessions.close();
          await registry.close();
        },
      };
    },
  };
}
