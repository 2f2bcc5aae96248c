/**
 * Resources of several servers under one `/mcp`: each URI is wrapped as
 * `switchyard://<server_id>/<the server's URI, percent-encoded>`, so two servers' `file:///readme`
 * stay apart and a read goes back to the server that listed it.
 */
const SCHEME = 'switchyard://';

export function namespacedUri(serverId: string, uri: string): string {
  return `${SCHEME}${serverId}/${encodeURIComponent(uri)}`;
}

/** The server and its own URI, or undefined for a URI the gateway did not hand out. */
export function splitNamespacedUri(uri: string): { serverId: string; uri: string } | undefined {
  if (!uri.startsWith(SCHEME)) return undefined;
  const rest = uri.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  try {
    return { serverId: rest.slice(0, slash), uri: decodeURIComponent(rest.slice(slash + 1)) };
  } catch {
    return undefined;
  }
}
