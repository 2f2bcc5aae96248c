import type { GrantDefinition } from '../../core/auth/grants.js';

export const MCP_TOOLS_GRANT_SCHEMA_ID = 'https://switchyard.dev/schemas/grants/mcp-tools.schema.json';

/** Whether an allow-list (unset: everything) admits one tool of one server. */
export function allowsTool(list: readonly string[] | undefined, serverId: string, tool: string): boolean {
  return list === undefined || list.some((entry) => entry === '*' || entry === serverId || entry === `${serverId}/${tool}`);
}

/**
 * A key's `mcp_tools`: which registered MCP tools the tool loop may offer and run for it. Nobody
 * grants more than they hold: every entry given must be admitted by the granter's own list.
 */
export const MCP_TOOLS_GRANT: GrantDefinition<readonly string[]> = {
  field: 'mcp_tools',
  schemaId: MCP_TOOLS_GRANT_SCHEMA_ID,
  read: (value) => (Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : undefined),
  exceeds(held, wanted, isCreate) {
    if (held === undefined) return undefined;
    const refusal = `You may not grant MCP tools beyond your own (${held.join(', ')}).`;
    if ((isCreate && wanted === undefined) || wanted === null) return refusal;
    if (wanted === undefined) return undefined;
    const within = wanted.every((entry) => {
      if (held.includes('*') || held.includes(entry)) return true;
      const [server = '', tool] = entry.split('/', 2);
      return entry !== '*' && tool !== undefined && held.includes(server);
    });
    return within ? undefined : refusal;
  },
};

/** Whether an allow-list (unset: everything) admits at least one tool of a server. */
export function allowsAnyToolOf(list: readonly string[] | undefined, serverId: string): boolean {
  return list === undefined || list.some((entry) => entry === '*' || entry === serverId || entry.startsWith(`${serverId}/`));
}

/** Whether an allow-list (unset: everything) admits a whole server (its resources too). */
export function allowsWholeServer(list: readonly string[] | undefined, serverId: string): boolean {
  return list === undefined || list.includes('*') || list.includes(serverId);
}
