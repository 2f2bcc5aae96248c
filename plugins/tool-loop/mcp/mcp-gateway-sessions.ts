import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Logger } from 'pino';
import { GatewayError } from '../../../core/errors/gateway-error.js';
import type { PluginRequest, PluginResponse } from '../../../core/plugin-contract.js';
import { subjectOf, type Principal } from '../../../core/auth/principal.js';

/** Sessions open at once (each holds an SDK Server in memory); past it, initialize is a 503. */
const MAX_SESSIONS = 1000;
/** A session unused this long is ended (clients re-initialize on the 404 that follows). */
const IDLE_MS = 30 * 60_000;

interface Session {
  readonly transport: WebStandardStreamableHTTPServerTransport;
  readonly server: Server;
  /** Who opened it: a session id is not a credential, the key must match too. */
  readonly owner: string;
  /** The key that opened it (what it may see decides which changes it is told of). */
  readonly principal: Principal | undefined;
  readonly holder: { current: PluginRequest };
  lastUsed: number;
}

function ownerOf(request: PluginRequest): string {
  return request.principal === undefined ? 'anonymous' : subjectOf(request.principal);
}

/**
 * Streamable HTTP sessions on `/mcp` (MCP spec 2025-03-26 and later): `initialize` opens one and
 * its answer carries `Mcp-Session-Id`; later requests send it back; `GET` with it opens the stream
 * of server messages; `DELETE` with it ends it. An unknown (or ended, or someone else's) id is a 404,
 * which tells a client to initialize again. A session's requests are answered as SSE streams, so
 * the progress and log messages of a call reach the caller on that call's own stream.
 */
export class McpGatewaySessions {
  readonly #sessions = new Map<string, Session>();

  constructor(private readonly logger: Logger) {}

  async open(request: PluginRequest, make: (current: () => PluginRequest) => Server): Promise<PluginResponse> {
    this.#sweep();
    if (this.#sessions.size >= MAX_SESSIONS) {
      throw new GatewayError('GW_ERR_GATEWAY_OVERLOADED', `${MAX_SESSIONS} MCP sessions are open; end unused ones (DELETE /mcp with their Mcp-Session-Id) or retry later.`, { headers: { 'retry-after': '60' } });
    }
    const holder = { current: request };
    const server = make(() => holder.current);
    const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.#sessions.set(id, { transport, server, owner: ownerOf(request), principal: request.principal, holder, lastUsed: Date.now() });
        this.logger.debug({ request_id: request.requestId }, 'MCP session opened on /mcp');
      },
      onsessionclosed: (id) => this.#end(id),
    });
    await server.connect(transport);
    const answer = await relayThrough(transport, request);
    if (transport.sessionId === undefined) await server.close();
    return answer;
  }

  async handle(id: string, request: PluginRequest): Promise<PluginResponse> {
    const session = this.#sessions.get(id);
    if (session === undefined || session.owner !== ownerOf(request)) {
      return { status: 404, headers: { 'content-type': 'application/json' }, body: { jsonrpc: '2.0', error: { code: -32001, message: 'Session not found (ended, expired or never opened): send initialize without Mcp-Session-Id to open a new one.' }, id: null } };
    }
    session.holder.current = request;
    session.lastUsed = Date.now();
    return relayThrough(session.transport, request);
  }

  /** Sends a message to every open session whose key `admits` (it goes on the session's GET stream). */
  async broadcast(admits: (principal: Principal | undefined) => boolean, send: (server: Server) => Promise<void>): Promise<void> {
    const sending = [...this.#sessions.values()].filter((s) => admits(s.principal)).map((s) => send(s.server));
    await Promise.allSettled(sending);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#sessions.keys()].map((id) => this.#end(id)));
  }

  #sweep(): void {
    const now = Date.now();
    for (const [id, session] of this.#sessions) if (now - session.lastUsed > IDLE_MS) void this.#end(id);
  }

  async #end(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    if (session === undefined) return;
    this.#sessions.delete(id);
    await session.server.close().catch(() => undefined);
  }
}

/**
 * One HTTP request through an SDK transport and back: JSON as text, a stream of server messages
 * as a stream; the session id the SDK set travels back. The caller's credentials stay here.
 */
export async function relayThrough(transport: WebStandardStreamableHTTPServerTransport, request: PluginRequest): Promise<PluginResponse> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) if (name !== 'authorization' && name !== 'x-api-key') headers.set(name, value);
  const answer = await transport.handleRequest(
    new Request(`http://gateway${request.path}`, { method: request.method, headers, signal: request.signal, ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }) }),
  );
  const out: Record<string, string> = { 'content-type': answer.headers.get('content-type') ?? 'application/json' };
  const sessionId = answer.headers.get('mcp-session-id');
  if (sessionId !== null) out['mcp-session-id'] = sessionId;
  if (out['content-type']?.startsWith('text/event-stream') === true && answer.body !== null) {
    return { status: answer.status, headers: { ...out, 'cache-control': 'no-cache' }, body: Readable.fromWeb(answer.body) };
  }
  const text = await answer.text();
  return { status: answer.status, headers: out, body: text };
}
