import { GatewayError } from '../../../core/errors/gateway-error.js';
import type { SchemaValidators } from '../../../core/schema/schema-validators.js';

/** Fields only a stdio server has: a body carrying any of them asks the API to start a process. */
const STDIO_FIELDS = ['command', 'args', 'env', 'cwd'] as const;

/**
 * `POST /mcp/servers` never starts a process: an API that runs the command it is given is how
 * LiteLLM's MCP registry became remote code execution. A body asking for stdio gets its own code
 * and says where stdio servers do live (the config file), not a schema message about an enum;
 * the body's other schema problems are listed too, so one round trip shows all of them.
 */
export function refuseStdioRegistration(validators: SchemaValidators, schemaId: string): (body: unknown) => void {
  return (body) => {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
    const fields = new Map(Object.entries(body));
    const asked = [...(fields.get('transport') === 'stdio' ? ['transport: "stdio"'] : []), ...STDIO_FIELDS.filter((f) => fields.has(f))];
    if (asked.length === 0) return;
    const rest = Object.fromEntries([...fields].filter(([key]) => key !== 'transport' && !STDIO_FIELDS.some((f) => f === key)));
    const issues = validators.validateConfig(schemaId, rest).map((i) => `${i.path || '/'} ${i.message}`);
    const others = issues.length === 0 ? '' : ` The body also breaks the schema: ${issues.join('; ')}.`.slice(0, 1500);
    throw new GatewayError(
      'GW_ERR_MCP_STDIO_REFUSED',
      `stdio MCP servers are never accepted from the API (${asked.join(', ')}): starting a command named over HTTP would be remote code execution on the gateway's host. ` +
        'Declare it in the config file under tool_loop.stdio.servers with tool_loop.stdio.enabled: true (then restart), or register a remote server here (transport streamable_http or sse, with its url).' +
        others,
      { param: fields.get('transport') === 'stdio' ? 'transport' : (asked[0] ?? null) },
    );
  };
}
