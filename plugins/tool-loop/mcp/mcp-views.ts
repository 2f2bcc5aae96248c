import type { Resource, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpConnection } from './mcp-connection.js';

export const REDACTED = '<redacted>';

/** A registration as the API shows it: everything but the secret, plus its live status. */
export function viewOfServer(connection: McpConnection): Record<string, unknown> {
  const { auth_value: secret, ...registration } = connection.registration;
  // A config stdio server shows its command's name only: its arguments and env may hold secrets.
  const local = connection.local === undefined ? {} : { url: undefined, transport: 'stdio', command: connection.local.command, source: 'config' };
  return {
    ...registration,
    ...local,
    ...(secret === undefined ? {} : { auth_value: REDACTED }),
    status: connection.status,
    ...(connection.lastError === undefined ? {} : { last_error: connection.lastError }),
    tool_count: connection.tools.length,
  };
}

/** One tool of `GET /mcp/tools`: its server, name and input schema. */
export function viewOfTool(serverId: string, tool: Tool): Record<string, unknown> {
  return {
    server_id: serverId,
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    input_schema: tool.inputSchema,
  };
}

export function viewOfResource(serverId: string, resource: Resource): Record<string, unknown> {
  return {
    server_id: serverId,
    uri: resource.uri,
    name: resource.name,
    ...(resource.description === undefined ? {} : { description: resource.description }),
    ...(resource.mimeType === undefined ? {} : { mime_type: resource.mimeType }),
  };
}
