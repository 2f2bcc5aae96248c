import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListResourcesRequestSchema, ListToolsRequestSchema, McpError, ReadResourceRequestSchema, type CallToolResult, type Resource, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import { grantOf } from '../../../core/auth/grants.js';
import { PACKAGE_VERSION } from '../../../core/package-root.js';
import type { PluginRequest, PluginResponse, PluginRoute } from '../../../core/plugin-contract.js';
import { allowsTool, MCP_TOOLS_GRANT } from '../mcp-tools-grant.js';
import type { McpConnection } from './mcp-connection.js';
import type { McpServerRegistry } from './mcp-server-registry.js';
import { namespacedUri, splitNamespacedUri } from './namespaced-resources.js';
import type { ToolCallMetrics } from '../stage/tool-call-metrics.js';

const BODY_SCHEMA = 'https://switchyard.dev/schemas/requests/mcp-jsonrpc.schema.json';
const CALL_TIMEOUT_MS = 60_000;

interface Exposed {
  readonly connection: McpConnection;
  readonly tool: Tool;
}

/**
 * The gateway as one MCP server (streamable HTTP, stateless, data-plane auth): the tools of every
 * healthy registered server under `<server_id>__<tool>`, filtered by the caller's `mcp_tools`
 * grant, so an IDE or agent configures one URL instead of ten. Each POST gets a fresh SDK Server
 * on a web-standard transport; nothing is kept between requests.
 */
export function mcpGatewayRoutes(registry: McpServerRegistry, logger: Logger, metrics: ToolCallMetrics): PluginRoute[] {
  const exposedTo = (request: PluginRequest): Map<string, Exposed> => {
    const held = request.principal === undefined ? undefined : grantOf(request.principal.grants, MCP_TOOLS_GRANT);
    const out = new Map<string, Exposed>();
    for (const connection of registry.servers) {
      if (connection.status !== 'healthy') continue;
      for (const tool of connection.tools) {
        if (!allowsTool(held, connection.registration.server_id, tool.name)) continue;
        out.set(`${connection.registration.server_id}__${tool.name}`, { connection, tool });
      }
    }
    return out;
  };

  /** Servers whose resources the caller sees: its `mcp_tools` grant admits the whole server. */
  const resourceServersOf = (request: PluginRequest): McpConnection[] => {
    const held = request.principal === undefined ? undefined : grantOf(request.principal.grants, MCP_TOOLS_GRANT);
    return registry.servers.filter((c) => c.status === 'healthy' && (held === undefined || held.includes('*') || held.includes(c.registration.server_id)));
  };

  const serve = async (request: PluginRequest): Promise<PluginResponse> => {
    const exposed = exposedTo(request);
    const server = new Server({ name: 'switchyard', version: PACKAGE_VERSION }, { capabilities: { tools: {}, resources: {} } });
    server.setRequestHandler(ListResourcesRequestSchema, async () => {
      const lists = await Promise.all(
        resourceServersOf(request).map(async (connection): Promise<Resource[]> => {
          const id = connection.registration.server_id;
          const resources = await connection.listResources().catch(() => []);
          return resources.map((r) => ({ ...r, uri: namespacedUri(id, r.uri), name: `${id}__${r.name}` }));
        }),
      );
      return { resources: lists.flat() };
    });
    server.setRequestHandler(ReadResourceRequestSchema, async (read, extra) => {
      const target = splitNamespacedUri(read.params.uri);
      const connection = target === undefined ? undefined : resourceServersOf(request).find((c) => c.registration.server_id === target.serverId);
      if (target === undefined || connection === undefined) {
        throw new McpError(ErrorCode.InvalidParams, `No resource "${read.params.uri.slice(0, 256)}" for these credentials (resources/list shows what is).`);
      }
      const answer = await connection.readResource(target.uri, { timeoutMs: CALL_TIMEOUT_MS, signal: AbortSignal.any([extra.signal, request.signal]) });
      return { ...answer, contents: answer.contents.map((c) => ({ ...c, uri: namespacedUri(target.serverId, c.uri) })) };
    });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...exposed].map(([name, { tool }]) => ({ ...tool, name })) }));
    server.setRequestHandler(CallToolRequestSchema, async (call, extra): Promise<CallToolResult> => {
      const target = exposed.get(call.params.name);
      if (target === undefined) return { content: [{ type: 'text', text: `No tool "${call.params.name}" for these credentials (tools/list shows what is).` }], isError: true };
      const started = Date.now();
      const server = target.connection.registration.server_id;
      const record = (status: 'ok' | 'tool_error' | 'failed'): void => {
        const ms = Date.now() - started;
        metrics.record(server, target.tool.name, status, ms / 1000);
        logger.info({ request_id: request.requestId, mcp_server: server, tool: target.tool.name, duration_ms: ms, status }, 'MCP tool call (gateway server)');
      };
      try {
        const result = await target.connection.callTool(target.tool.name, call.params.arguments ?? {}, { timeoutMs: CALL_TIMEOUT_MS, signal: AbortSignal.any([extra.signal, request.signal]) });
        record(result.isError === true ? 'tool_error' : 'ok');
        return result;
      } catch (err) {
        record('failed');
        return { content: [{ type: 'text', text: `The tool failed: ${err instanceof Error ? err.message.slice(0, 500) : 'unknown error'}` }], isError: true };
      }
    });
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true }) // no sessionIdGenerator: stateless;
    await server.connect(transport);
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) if (name !== 'authorization' && name !== 'x-api-key') headers.set(name, value);
      const answer = await transport.handleRequest(
        new Request(`http://gateway${request.path}`, { method: request.method, headers, ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }) }),
      );
      const text = await answer.text();
      return { status: answer.status, headers: { 'content-type': answer.headers.get('content-type') ?? 'application/json' }, body: text === '' ? '' : text };
    } finally {
      await server.close();
    }
  };

  return [
    { method: 'POST', path: '/mcp', group: 'protected', bodySchemaId: BODY_SCHEMA, handle: serve },
    // Stateless: no server-initiated stream and no session to end (the SDK answers 405).
    { method: 'GET', path: '/mcp', group: 'protected', handle: serve },
    { method: 'DELETE', path: '/mcp', group: 'protected', handle: serve },
  ];
}
