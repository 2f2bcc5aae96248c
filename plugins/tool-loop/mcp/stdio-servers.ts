import { basename } from 'node:path';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Logger } from 'pino';
import type { SsrfFetch } from './ssrf-fetch.js';
import { McpConnection } from './mcp-connection.js';
import type { ToolLoopSection } from '../tool-loop-section.generated.js';

/**
 * The `tool_loop.stdio` servers: MCP servers the operator runs as child processes, started with
 * the SDK's StdioClientTransport. Only from the config file, and only when enabled — a command
 * from the API is how LiteLLM got remote code execution. The child gets a minimal environment
 * (the SDK's default: HOME, PATH, USER …) plus its own `env`, never the gateway's keys.
 */
export function stdioConnections(section: ToolLoopSection, http: SsrfFetch, logger: Logger): McpConnection[] {
  const { enabled, servers } = section.stdio;
  if (!enabled && servers.length > 0) {
    throw new Error(`tool_loop.stdio.servers lists ${servers.length} server(s) but tool_loop.stdio.enabled is false: set it to true to start them (each runs a command with the gateway's rights).`);
  }
  if (!enabled) return [];
  return servers.map((server) => {
    const env: Record<string, string> = { ...getDefaultEnvironment() };
    for (const [name, value] of Object.entries(server.env)) if (value !== undefined) env[name] = value;
    const registration = {
      server_id: server.server_id,
      name: server.name,
      url: `stdio:${basename(server.command)}`,
      transport: 'streamable_http' as const,
      auth_type: 'none' as const,
      api_key_header: 'x-api-key',
      metadata: {},
      ...(server.tools === undefined ? {} : { tools: server.tools }),
    };
    const transport = (): StdioClientTransport =>
      // stderr ignored: a chatty server must not fill the gateway's log or block on a full pipe.
      new StdioClientTransport({ command: server.command, args: [...server.args], env, stderr: 'ignore', ...(server.cwd === undefined ? {} : { cwd: server.cwd }) });
    return new McpConnection(registration, http, logger, { transport, command: basename(server.command) });
  });
}
