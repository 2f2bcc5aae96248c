import { GatewayError } from '../../../core/errors/gateway-error.js';
import { toOpenAiErrorBody } from '../../../core/errors/openai-error-body.js';
import type { PluginRequest, PluginResponse, PluginRoute } from '../../../core/plugin-contract.js';
import { SsrfError } from '../../upstream/ssrf/ssrf-policy.js';
import type { McpServerRegistration } from './mcp-server-registration.generated.js';
import type { McpServerRegistry } from './mcp-server-registry.js';
import { refuseStdioRegistration } from './refuse-stdio-registration.js';
import type { SchemaValidators } from '../../../core/schema/schema-validators.js';
import { viewOfResource, viewOfServer, viewOfTool } from './mcp-views.js';

export const REGISTRATION_SCHEMA = 'https://switchyard.dev/schemas/admin/mcp-server-register.schema.json';

/**
 * Seed 003's MCP registry (control plane). A 404 answers seed 003's `detail` next to the gateway's
 * usual OpenAI-shaped `error`, so clients written for either read it.
 */
export function mcpAdminRoutes(registry: McpServerRegistry, isRegistration: (value: unknown) => value is McpServerRegistration, validators: SchemaValidators): PluginRoute[] {
  const notFound = (serverId: string): PluginResponse => {
    const detail = `No MCP server "${serverId.slice(0, 64)}" is registered; GET /mcp/servers lists them.`;
    const { status, body } = toOpenAiErrorBody(new GatewayError('GW_ERR_ADMIN_NOT_FOUND', detail));
    return { status, body: { detail, ...body } };
  };
  const serverIdOf = (request: PluginRequest): string => request.params['server_id'] ?? '';
  // A stdio server comes from the config file and stays under its control.
  const refuseConfigured = (serverId: string): void => {
    if (registry.get(serverId)?.local === undefined) return;
    throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', `MCP server "${serverId}" is a stdio server from the config file (tool_loop.stdio.servers): change it there, or register under another server_id.`, { param: 'server_id' });
  };

  return [
    {
      method: 'POST',
      path: '/mcp/servers',
      group: 'control',
      bodySchemaId: REGISTRATION_SCHEMA,
      screenBody: refuseStdioRegistration(validators, REGISTRATION_SCHEMA),
      async handle(request) {
        if (!isRegistration(request.body)) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body.');
        refuseConfigured(request.body.server_id);
        try {
          const connection = await registry.register(request.body);
          return { status: 201, body: viewOfServer(connection) };
        } catch (err) {
          if (err instanceof SsrfError) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', `Invalid body: /url ${err.message} (see security.ssrf to allow it).`, { param: 'url' });
          throw err;
        }
      },
    },
    {
      method: 'GET',
      path: '/mcp/servers',
      group: 'control',
      handle() {
        const servers = registry.servers.map(viewOfServer);
        return { body: { servers, total: servers.length } };
      },
    },
    {
      method: 'GET',
      path: '/mcp/servers/:server_id',
      group: 'control',
      handle(request) {
        const connection = registry.get(serverIdOf(request));
        return connection === undefined ? notFound(serverIdOf(request)) : { body: viewOfServer(connection) };
      },
    },
    {
      method: 'DELETE',
      path: '/mcp/servers/:server_id',
      group: 'control',
      async handle(request) {
        refuseConfigured(serverIdOf(request));
        const connection = await registry.remove(serverIdOf(request));
        return connection === undefined ? notFound(serverIdOf(request)) : { body: { server_id: connection.registration.server_id, deleted: true } };
      },
    },
    {
      method: 'GET',
      path: '/mcp/tools',
      group: 'control',
      async handle() {
        // Live: each healthy server answers tools/list now (a failure marks it down and drops its tools).
        const lists = await Promise.all(
          registry.servers.map(async (connection) => {
            if (connection.status !== 'healthy') return [];
            const tools = await connection.refreshTools().catch(() => []);
            return tools.map((tool) => viewOfTool(connection.registration.server_id, tool));
          }),
        );
        const tools = lists.flat();
        return { body: { tools, total: tools.length } };
      },
    },
    {
      method: 'GET',
      path: '/mcp/resources',
      group: 'control',
      async handle() {
        const lists = await Promise.all(
          registry.servers.map(async (connection) => {
            if (connection.status !== 'healthy') return [];
            const resources = await connection.listResources().catch(() => []);
            return resources.map((resource) => viewOfResource(connection.registration.server_id, resource));
          }),
        );
        const resources = lists.flat();
        return { body: { resources, total: resources.length } };
      },
    },
  ];
}
