import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { SsrfPolicy } from '../../upstream/ssrf/ssrf-policy.js';

export interface SsrfFetch {
  readonly fetch: FetchLike;
  close(): Promise<void>;
}

/**
 * The fetch the MCP transports use for a registered server: its connections resolve names through
 * the SSRF policy's `lookup`, so a name that starts resolving somewhere private after registration
 * (DNS rebinding) is refused at connect time, and redirects are never followed (a 3xx could point
 * anywhere the registration check never saw).
 */
export function createSsrfFetch(ssrf: SsrfPolicy): SsrfFetch {
  const agent = new Agent({ keepAliveTimeout: 30_000, connect: { lookup: ssrf.lookup } });
  const fetch: FetchLike = async (url, init) => {
    const { body, headers, method, signal } = init ?? {};
    // The MCP transports send JSON text; anything else is not theirs and is not sent.
    if (body !== undefined && body !== null && typeof body !== 'string') throw new TypeError('MCP requests carry text bodies only');
    const answer = await undiciFetch(url, {
      redirect: 'error',
      dispatcher: agent,
      headers: Object.fromEntries(new Headers(headers).entries()),
      ...(method === undefined ? {} : { method }),
      ...(signal === undefined || signal === null ? {} : { signal }),
      ...(body === undefined || body === null ? {} : { body }),
    });
    // The global Response wraps undici's body stream; headers and status are copied as they came.
    return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: new Headers(answer.headers) });
  };
  return { fetch, close: () => agent.close() };
}
