import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolResultSchema, type CallToolResult, type LoggingMessageNotification, type Progress, type ReadResourceResult, type Resource, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import { PACKAGE_VERSION } from '../../../core/package-root.js';
import type { McpServerRegistration } from './mcp-server-registration.generated.js';
import type { SsrfFetch } from './ssrf-fetch.js';
import { watchCallStream, type CallWatcher } from './watch-call-stream.js';

/** Pages of tools/list or resources/list read at most (a server that never stops paging is cut off). */
const MAX_PAGES = 20;
const CONNECT_TIMEOUT_MS = 10_000;
const LIST_TIMEOUT_MS = 10_000;

/**
 * Headers for the HTTP requests made inside one call (a tool call's `traceparent`). The SDK's
 * session is shared by every request, and its calls take no headers of their own; the transport's
 * fetch runs in the caller's async context, so it reads them from here.
 */
const callHeaders = new AsyncLocalStorage<Readonly<Record<string, string>>>();

export type ServerStatus = 'healthy' | 'down';

/** What a caller hears while its tool call runs (relayed by the gateway's own MCP server). */
export interface CallListeners {
  /** The server's progress for this call (the SDK asks for it with a token of its own). */
  readonly onprogress?: (progress: Progress) => void;
  /** Log messages the server sent on this call's stream (streamable HTTP only: SSE and stdio cannot tell calls apart). */
  readonly onlog?: (message: LoggingMessageNotification['params']) => void;
}

/** The call whose HTTP request is being sent: the transport's fetch runs in its async context. */
const currentCall = new AsyncLocalStorage<CallWatcher>();

/**
 * The gateway's MCP client session with one registered server (the official SDK's Client over
 * streamable HTTP or SSE). It keeps the server's tool list, refreshed when the server says it
 * changed, and its status: a server that cannot be reached is marked down and retried by the
 * health check, never removed.
 */
export class McpConnection {
  #status: ServerStatus = 'down';
  /** Why the server is down (no secret: transport and protocol messages only). */
  lastError: string | undefined;
  #tools: readonly Tool[] = [];
  readonly #changeListeners = new Set<() => void>();
  #client: Client | undefined;
  #connecting: Promise<void> | undefined;

  constructor(
    readonly registration: McpServerRegistration,
    private readonly http: SsrfFetch,
    private readonly logger: Logger,
    /** Config-file servers over stdio bring their own transport (a child process); see stdio-servers.ts. */
    readonly local?: { readonly transport: () => Transport; readonly command: string },
  ) {}

  get status(): ServerStatus {
    return this.#status;
  }

  set status(status: ServerStatus) {
    if (status === this.#status) return;
    this.#status = status;
    this.#changed();
  }

  get tools(): readonly Tool[] {
    return this.#tools;
  }

  set tools(tools: readonly Tool[]) {
    const same = tools.length === this.#tools.length && JSON.stringify(tools) === JSON.stringify(this.#tools);
    this.#tools = tools;
    if (!same) this.#changed();
  }

  /** Called when what this server offers changes: its tool list, or its status (healthy or down). */
  onChange(listener: () => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  #changed(): void {
    for (const listener of this.#changeListeners) listener();
  }

  /** Connects (once at a time) and reads the tool list; on failure the server is marked down. */
  connect(): Promise<void> {
    this.#connecting ??= this.#connect().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    await this.#drop();
    const client = new Client(
      { name: 'switchyard', version: PACKAGE_VERSION },
      {
        listChanged: {
          tools: {
            onChanged: (err, tools) => {
              if (err !== null) return this.#markDown(err);
              if (tools !== null) this.tools = this.#allowed(tools);
              this.logger.info({ mcp_server: this.registration.server_id, tools: this.tools.length }, 'MCP tool list changed');
            },
          },
        },
      },
    );
    client.onerror = (err) => this.logger.debug({ mcp_server: this.registration.server_id, err: err.message }, 'MCP transport error');
    try {
      await client.connect(this.#transport(), { timeout: CONNECT_TIMEOUT_MS });
      this.#client = client;
      this.tools = await this.#listTools(client);
      this.status = 'healthy';
      this.lastError = undefined;
      this.logger.info({ mcp_server: this.registration.server_id, tools: this.tools.length }, 'MCP server connected');
    } catch (err) {
      this.#client = undefined;
      await client.close().catch(() => undefined);
      this.#markDown(err);
    }
  }

  /** A fresh tools/list (the live answer, also the health signal). */
  async refreshTools(): Promise<readonly Tool[]> {
    const client = await this.#ready();
    try {
      this.tools = await this.#listTools(client);
      return this.tools;
    } catch (err) {
      this.#markDown(err);
      throw err;
    }
  }

  async listResources(): Promise<Resource[]> {
    const client = await this.#ready();
    if (client.getServerCapabilities()?.resources === undefined) return [];
    const out: Resource[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await client.listResources(cursor === undefined ? {} : { cursor }, { timeout: LIST_TIMEOUT_MS });
      out.push(...answer.resources);
      cursor = answer.nextCursor;
      if (cursor === undefined) break;
    }
    const only = this.registration.resources;
    return only === undefined ? out : out.filter((r) => only.includes(r.uri));
  }

  async readResource(uri: string, options: { timeoutMs: number; signal: AbortSignal }): Promise<ReadResourceResult> {
    const client = await this.#ready();
    const only = this.registration.resources;
    if (only !== undefined && !only.includes(uri)) throw new Error(`resource not offered by "${this.registration.server_id}"`);
    return client.readResource({ uri }, { timeout: options.timeoutMs, signal: options.signal });
  }

  /**
   * `headers` (a W3C `traceparent`) go with the HTTP request that carries this call, and its
   * `traceparent` also in `params._meta`, where a server over stdio (no headers) finds it.
   */
  async callTool(name: string, args: Record<string, unknown>, options: { timeoutMs: number; signal: AbortSignal; headers?: Readonly<Record<string, string>> } & CallListeners): Promise<CallToolResult> {
    const client = await this.#ready();
    const { onprogress, onlog } = options;
    const headers = options.headers ?? {};
    const traceparent = headers['traceparent'];
    const params = { name, arguments: args, ...(traceparent === undefined ? {} : { _meta: { traceparent } }) };
    const request = { timeout: options.timeoutMs, signal: options.signal, ...(onprogress === undefined ? {} : { onprogress }) };
    const call = (): Promise<unknown> => callHeaders.run(headers, () => client.callTool(params, undefined, request));
    const answer = onlog === undefined ? await call() : await currentCall.run({ onlog }, call);
    // Servers before protocol 2024-11-05 answer `toolResult`; the gateway only speaks `content`.
    const result = CallToolResultSchema.safeParse(answer);
    return result.success ? result.data : { content: [{ type: 'text', text: 'The tool answered in an unsupported (pre-2024-11-05) shape.' }], isError: true };
  }

  /** Pings a healthy server, reconnects a down one. */
  async check(): Promise<void> {
    if (this.#client === undefined) return this.connect();
    try {
      await this.#client.ping({ timeout: LIST_TIMEOUT_MS });
    } catch (err) {
      this.#markDown(err);
    }
  }

  async close(): Promise<void> {
    await this.#connecting?.catch(() => undefined);
    await this.#drop();
  }

  async #ready(): Promise<Client> {
    if (this.#client === undefined) await this.connect();
    if (this.#client === undefined) throw new Error(`MCP server "${this.registration.server_id}" is down: ${this.lastError ?? 'not connected'}`);
    return this.#client;
  }

  async #listTools(client: Client): Promise<Tool[]> {
    if (client.getServerCapabilities()?.tools === undefined) return [];
    const out: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout: LIST_TIMEOUT_MS });
      out.push(...answer.tools);
      cursor = answer.nextCursor;
      if (cursor === undefined) break;
    }
    return this.#allowed(out);
  }

  #allowed(tools: readonly Tool[]): Tool[] {
    const only = this.registration.tools;
    return only === undefined ? [...tools] : tools.filter((t) => only.includes(t.name));
  }

  #transport(): Transport {
    if (this.local !== undefined) return this.local.transport();
    const url = new URL(this.registration.url);
    const requestInit: RequestInit = { headers: this.#authHeaders(), redirect: 'error' };
    const fetch = withCallHeaders(this.http.fetch);
    if (this.registration.transport === 'sse') {
      return new SSEClientTransport(url, { requestInit, fetch, eventSourceInit: { fetch: this.http.fetch } });
    }
    return new StreamableHTTPClientTransport(url, { requestInit, fetch: watchingCalls(fetch), reconnectionOptions: { maxRetries: 0, initialReconnectionDelay: 1000, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1 } });
  }

  /** The secret goes to this server only, in the header its auth_type names. */
  #authHeaders(): Record<string, string> {
    const { auth_type: type, auth_value: value, api_key_header: header } = this.registration;
    if (type === 'none' || value === undefined) return {};
    return type === 'bearer_token' ? { authorization: `Bearer ${value}` } : { [header]: value };
  }

  #markDown(err: unknown): void {
    if (this.status === 'healthy') this.logger.warn({ mcp_server: this.registration.server_id, err: describe(err) }, 'MCP server marked down');
    this.status = 'down';
    this.lastError = describe(err);
    const client = this.#client;
    this.#client = undefined;
    void client?.close().catch(() => undefined);
  }

  async #drop(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.close().catch(() => undefined);
  }
}

/** The fetch with the current call's headers added (the registration's own, auth included, win). */
/**
 * The streamable HTTP transport's fetch: a POST sent on behalf of a call that listens for log
 * messages has its SSE answer looked at on its way to the SDK (whose client hands notifications
 * to one handler for the whole connection, with no word of which request's stream they came on).
 * The call is known by the async context the SDK sends it in (`currentCall`).
 */
function watchingCalls(fetch: FetchLike): FetchLike {
  return async (url, init) => {
    const answer = await fetch(url, init);
    const watcher = currentCall.getStore();
    return watcher === undefined ? answer : watchCallStream(answer, watcher);
  };
}

function withCallHeaders(fetch: FetchLike): FetchLike {
  return (url, init) => {
    const extra = callHeaders.getStore();
    if (extra === undefined || Object.keys(extra).length === 0) return fetch(url, init);
    const headers = new Headers(extra);
    for (const [name, value] of new Headers(init?.headers).entries()) headers.set(name, value);
    return fetch(url, { ...init, headers });
  };
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${message}${cause}`.slice(0, 300);
}
