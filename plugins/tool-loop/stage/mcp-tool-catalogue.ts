import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { GatewayError } from '../../../core/errors/gateway-error.js';
import { isJsonObject } from '../../../core/streams/is-json-object.js';
import type { McpConnection } from '../mcp/mcp-connection.js';
import type { McpServerRegistry } from '../mcp/mcp-server-registry.js';

/** One MCP server a request may use, and which of its tools (all when `allowedTools` is undefined). */
export interface McpToolSource {
  readonly serverId: string;
  readonly allowedTools: readonly string[] | undefined;
}

/** A function the model sees that the gateway runs itself. */
export interface McpFunction {
  readonly connection: McpConnection;
  readonly tool: Tool;
}

export interface ToolCatalogue {
  /** The request's `tools` as the model gets them: the client's own entries, then the MCP functions. */
  readonly tools: readonly unknown[];
  /** Function name → the MCP tool it calls. */
  readonly functions: ReadonlyMap<string, McpFunction>;
}

/** OpenAI function names: letters, digits, `_` and `-`, at most 64. */
function functionNameOf(serverId: string, tool: string): string {
  return `${serverId}__${tool}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

/**
 * The request's `{ type: "mcp", server_id, allowed_tools? }` entries (a gateway extension; any
 * other entry is the client's own and passes untouched).
 */
export function splitRequestTools(tools: unknown): { readonly sources: McpToolSource[]; readonly clientTools: unknown[] } {
  const sources: McpToolSource[] = [];
  const clientTools: unknown[] = [];
  if (!Array.isArray(tools)) return { sources, clientTools };
  tools.forEach((entry: unknown, index) => {
    if (!isJsonObject(entry) || entry['type'] !== 'mcp') return void clientTools.push(entry);
    const serverId = entry['server_id'];
    const allowed = entry['allowed_tools'];
    if (typeof serverId !== 'string' || serverId === '') {
      throw new GatewayError('GW_ERR_REQUEST_INVALID_BODY', `tools[${index}]: an "mcp" tool needs "server_id" (GET /mcp/servers lists them).`, { param: `tools[${index}].server_id` });
    }
    if (allowed !== undefined && !(Array.isArray(allowed) && allowed.every((t): t is string => typeof t === 'string'))) {
      throw new GatewayError('GW_ERR_REQUEST_INVALID_BODY', `tools[${index}].allowed_tools must be a list of tool names.`, { param: `tools[${index}].allowed_tools` });
    }
    sources.push({ serverId, allowedTools: allowed });
  });
  return { sources, clientTools };
}

/**
 * Turns MCP sources into OpenAI function tools named `<server_id>__<tool>`, with the tool's input
 * schema as parameters. A server that is not registered, or is down, fails the request: the model
 * would otherwise answer without the tools the client asked for.
 */
export function buildToolCatalogue(sources: readonly McpToolSource[], clientTools: readonly unknown[], registry: McpServerRegistry, mayUse: (serverId: string, tool: string) => boolean): ToolCatalogue {
  const functions = new Map<string, McpFunction>();
  const offered: unknown[] = [];
  const clientNames = new Set(clientTools.filter(isJsonObject).map((t) => (isJsonObject(t['function']) ? t['function']['name'] : undefined)));
  for (const source of sources) {
    const connection = registry.get(source.serverId);
    if (connection === undefined) {
      throw new GatewayError('GW_ERR_REQUEST_INVALID_BODY', `No MCP server "${source.serverId.slice(0, 64)}" is registered; GET /mcp/servers lists them.`, { param: 'tools' });
    }
    if (connection.status !== 'healthy') {
      throw new GatewayError('GW_ERR_UPSTREAM_UNREACHABLE', `MCP server "${source.serverId}" is down (${connection.lastError ?? 'not connected'}); retry once it is back.`);
    }
    for (const tool of connection.tools) {
      if (source.allowedTools !== undefined && !source.allowedTools.includes(tool.name)) continue;
      if (!mayUse(source.serverId, tool.name)) {
        if (source.allowedTools?.includes(tool.name) === true) {
          throw new GatewayError('GW_ERR_AUTH_FORBIDDEN', `This key may not use the MCP tool "${source.serverId}/${tool.name}" (its mcp_tools grant).`);
        }
        continue;
      }
      const name = functionNameOf(source.serverId, tool.name);
      // The client's own function of the same name wins; the first source naming a tool keeps it.
      if (functions.has(name) || clientNames.has(name)) continue;
      functions.set(name, { connection, tool });
      offered.push({
        type: 'function',
        function: { name, ...(tool.description === undefined ? {} : { description: tool.description }), parameters: tool.inputSchema },
      });
    }
  }
  return { tools: [...clientTools, ...offered], functions };
}
