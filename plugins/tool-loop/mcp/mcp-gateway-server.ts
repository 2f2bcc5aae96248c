import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, ErrorCode, isInitializeRequest, ListResourcesRequestSchema, ListToolsRequestSchema, McpError, ReadResourceRequestSchema, type CallToolResult, type Progress, type ProgressToken, type Resource, type ServerNotification, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import { grantOf } from '../../../core/auth/grants.js';
import { PACKAGE_VERSION } from '../../../core/package-root.js';
import type { PluginRequest, PluginResponse, PluginRoute } from '../../../core/plugin-contract.js';
import { allowsTool, allowsWholeServer, MCP_TOOLS_GRANT } from '../mcp-tools-grant.js';
import type { CallListeners, McpConnection } from './mcp-connection.js';
import type { McpServerRegistry } from './mcp-server-registry.js';
import { namespacedUri, splitNamespacedUri } from './namespaced-resources.js';
import { relayThrough, type McpGatewaySessions } from './mcp-gateway-sessions.js';
import type { Principal } from '../../../core/auth/principal.js';
import type { ToolCallMetrics, ToolCallStatus } from '../stage/tool-call-metrics.js';

const BODY_SCHEMA = 'https://switchyard.dev/schemas/requests/mcp-jsonrpc.schema.json';
const CALL_TIMEOUT_MS = 60_000;

interface Exposed {
  readonly connection: McpConnection;
  readonly tool: Tool;
}

/**
 * The gateway as one MCP server (streamable HTTP, data-plane auth): the tools and resources of
 * every healthy registered server under namespaced names, filtered by the caller's `mcp_tools`
 * grant, so an IDE or agent configures one URL instead of ten. `initialize` opens a session (an
 * SDK Server on a web-standard transport, kept in `sessions`); a request with no session id that
 * is not `initialize` is answered statelessly by a server made for it.
 */
export function mcpGatewayRoutes(registry: McpServerRegistry, logger: Logger, metrics: ToolCallMetrics, sessions: McpGatewaySessions): PluginRoute[] {
  const exposedTo = (principal: Principal | undefined): Map<string, Exposed> => {
    const held = principal === undefined ? undefined : grantOf(principal.grants, MCP_TOOLS_GRANT);
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
  const resourceServersOf = (principal: Principal | undefined): McpConnection[] => {
    const held = principal === undefined ? undefined : grantOf(principal.grants, MCP_TOOLS_GRANT);
    return registry.servers.filter((c) => c.status === 'healthy' && allowsWholeServer(held, c.registration.server_id));
  };

  /**
   * One SDK Server for a caller: what it lists is read at each call (a session outlives tool list
   * changes); `current` is the HTTP request being answered (its id for the log, its signal).
   */
  const serverFor = (principal: Principal | undefined, current: () => PluginRequest): Server => {
    // listChanged: forward-list-changes.ts tells sessions; logging: servers' log lines are relayed.
    const server = new Server({ name: 'switchyard', version: PACKAGE_VERSION }, { capabilities: { tools: { listChanged: true }, resources: { listChanged: true }, logging: {} } });
    server.setRequestHandler(ListResourcesRequestSchema, async () => {
      const lists = await Promise.all(
        resourceServersOf(principal).map(async (connection): Promise<Resource[]> => {
          const id = connection.registration.server_id;
          const resources = await connection.listResources().catch(() => []);
          return resources.map((r) => ({ ...r, uri: namespacedUri(id, r.uri), name: `${id}__${r.name}` }));
        }),
      );
      return { resources: lists.flat() };
    });
    server.setRequestHandler(ReadResourceRequestSchema, async (read, extra) => {
      const target = splitNamespacedUri(read.params.uri);
      const connection = target === undefined ? undefined : resourceServersOf(principal).find((c) => c.registration.server_id === target.serverId);
      if (target === undefined || connection === undefined) {
        throw new McpError(ErrorCode.InvalidParams, `No resource "${read.params.uri.slice(0, 256)}" for these credentials (resources/list shows what is).`);
      }
      const answer = await connection.readResource(target.uri, { timeoutMs: CALL_TIMEOUT_MS, signal: AbortSignal.any([extra.signal, current().signal]) });
      return { ...answer, contents: answer.contents.map((c) => ({ ...c, uri: namespacedUri(target.serverId, c.uri) })) };
    });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...exposedTo(principal)].map(([name, { tool }]) => ({ ...tool, name })) }));
    server.setRequestHandler(CallToolRequestSchema, async (call, extra): Promise<CallToolResult> => {
      const target = exposedTo(principal).get(call.params.name);
      if (target === undefined) return { content: [{ type: 'text', text: `No tool "${call.params.name}" for these credentials (tools/list shows what is).` }], isError: true };
      const request = current();
      const server = target.connection.registration.server_id;
      // Traced requests only: a client span under the /mcp request's, sent to the server as traceparent.
      const headers: Record<string, string> = {};
      const finished = request.callStarted?.({ name: `tools/call ${target.tool.name}`, attributes: { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': target.tool.name, 'switchyard.mcp_server': server } }, headers);
      const started = Date.now();
      const record = (status: ToolCallStatus): void => {
        const ms = Date.now() - started;
        finished?.({ status: undefined, error: status === 'ok' ? undefined : status, outcome: status });
        metrics.record(server, target.tool.name, status, ms / 1000);
        logger.info({ request_id: request.requestId, mcp_server: server, tool: target.tool.name, duration_ms: ms, status }, 'MCP tool call (gateway server)');
      };
      try {
        const relay = relayCallNotifications(server, call.params._meta?.progressToken, extra.sendNotification);
        const result = await target.connection.callTool(target.tool.name, call.params.arguments ?? {}, { timeoutMs: CALL_TIMEOUT_MS, signal: AbortSignal.any([extra.signal, request.signal]), headers, ...relay });
        record(result.isError === true ? 'tool_error' : 'ok');
        return result;
      } catch (err) {
        // The SDK reports the caller's abort as RequestTimeout too: only its own clock is a timeout.
        const timedOut = err instanceof McpError && err.code === Number(ErrorCode.RequestTimeout) && !extra.signal.aborted && !request.signal.aborted;
        record(timedOut ? 'timeout' : 'failed');
        return { content: [{ type: 'text', text: `The tool failed: ${err instanceof Error ? err.message.slice(0, 500) : 'unknown error'}` }], isError: true };
      }
    });
    return server;
  };

  /**
   * What the server says during a call, passed on to the caller on the call's own stream: progress
   * under the caller's progressToken (only when it sent one), log messages with the server's id
   * in front of their logger name.
   */
  const relayCallNotifications = (serverId: string, token: ProgressToken | undefined, send: (n: ServerNotification) => Promise<void>): CallListeners => ({
    ...(token === undefined ? {} : { onprogress: (p: Progress) => void send({ method: 'notifications/progress', params: { ...p, progressToken: token } }).catch(() => undefined) }),
    onlog: (params) => void send({ method: 'notifications/message', params: { ...params, logger: params.logger === undefined ? serverId : `${serverId}/${params.logger}` } }).catch(() => undefined),
  });

  const serve = async (request: PluginRequest): Promise<PluginResponse> => {
    const sessionId = request.headers['mcp-session-id'];
    if (sessionId !== undefined) return sessions.handle(sessionId, request);
    if (request.method === 'POST' && isInitializeRequest(request.body)) {
      return sessions.open(request, (current) => serverFor(request.principal, current));
    }
    // No session and no initialize: answered statelessly, by a server made for this request.
    const server = serverFor(request.principal, () => request);
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true }); // no sessionIdGenerator: stateless
    await server.connect(transport);
    try {
      return await relayThrough(transport, request);
    } finally {
      await server.close();
    }
  };

  return [
    { method: 'POST', path: '/mcp', group: 'protected', bodySchemaId: BODY_SCHEMA, handle: serve },
    // GET: a session's stream of server messages; DELETE: ends a session (stateless: 405/400).
    { method: 'GET', path: '/mcp', group: 'protected', handle: serve },
    { method: 'DELETE', path: '/mcp', group: 'protected', handle: serve },
  ];
}
