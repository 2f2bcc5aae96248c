import { grantOf } from '../../../core/auth/grants.js';
import type { Principal } from '../../../core/auth/principal.js';
import { allowsAnyToolOf, allowsWholeServer, MCP_TOOLS_GRANT } from '../mcp-tools-grant.js';
import type { McpGatewaySessions } from './mcp-gateway-sessions.js';
import type { McpServerRegistry } from './mcp-server-registry.js';

/**
 * Tells the `/mcp` sessions when the aggregated lists change — a registered server's
 * `notifications/tools/list_changed`, a server registered, replaced, removed, connected or marked
 * down — with the MCP notifications their clients refresh on (`notifications/tools/list_changed`,
 * and `notifications/resources/list_changed` for keys that see the server's resources). A session
 * is told only of servers its key's `mcp_tools` grant admits. Changes in one turn of the event
 * loop go out as one notification per session. Returns the unsubscribe.
 */
export function forwardListChanges(registry: McpServerRegistry, sessions: McpGatewaySessions): () => void {
  const pending = new Set<string>();
  const heldBy = (principal: Principal | undefined): readonly string[] | undefined => (principal === undefined ? undefined : grantOf(principal.grants, MCP_TOOLS_GRANT));
  const flush = async (): Promise<void> => {
    const changed = [...pending];
    pending.clear();
    await sessions.broadcast(
      (principal) => changed.some((id) => allowsAnyToolOf(heldBy(principal), id)),
      (server) => server.sendToolListChanged(),
    );
    await sessions.broadcast(
      (principal) => changed.some((id) => allowsWholeServer(heldBy(principal), id)),
      (server) => server.sendResourceListChanged(),
    );
  };
  return registry.onChange((serverId) => {
    if (pending.size === 0) setImmediate(() => void flush());
    pending.add(serverId);
  });
}
