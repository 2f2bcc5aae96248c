import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod/v4';

/**
 * A real MCP server built with the official SDK, on a loopback port: streamable HTTP at `/mcp`
 * (stateful sessions) and the older SSE transport at `/sse` + `/messages`. Tools: `add`, `echo`,
 * `slow` (answers when the test releases it), `fail` (answers isError) and `huge` (a long text);
 * one resource. It records each request's auth headers and every tool call it ran. With
 * `{ steps: true }` it also has `steps`, which reports progress three times (when asked with a
 * progressToken) and sends a log message before it answers.
 */
export class McpTestServer {
  readonly calls: { tool: string; args: unknown }[] = [];
  readonly authHeaders: { authorization: string | undefined; apiKey: string | undefined }[] = [];
  /** The trace context each `add` and `echo` call came with: its HTTP `traceparent` and `params._meta.traceparent`. */
  readonly traceContexts: { tool: string; header: string | undefined; meta: unknown }[] = [];
  url = '';
  #server: Server | undefined;
  readonly #streamable = new Map<string, StreamableHTTPServerTransport>();
  readonly #sse = new Map<string, SSEServerTransport>();
  readonly #instances: McpServer[] = [];
  #releaseSlow: () => void = () => undefined;
  #slowGate = this.#newGate();

  constructor(private readonly options: { readonly steps?: boolean } = {}) {}

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#releaseSlow();
    await Promise.allSettled(this.#instances.map((s) => s.close()));
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** Lets every `slow` call in progress (and the next ones) answer. */
  releaseSlow(): void {
    this.#releaseSlow();
  }

  /** Adds a tool on every session: the SDK sends notifications/tools/list_changed. */
  addTool(name: string): void {
    for (const server of this.#instances) {
      server.registerTool(name, { description: `added later: ${name}` }, () => ({ content: [{ type: 'text', text: name }] }));
    }
  }

  #newGate(): Promise<void> {
    return new Promise<void>((resolve) => (this.#releaseSlow = resolve));
  }

  #mcpServer(): McpServer {
    const server = new McpServer({ name: 'switchyard-test-mcp', version: '1.0.0' }, { capabilities: { tools: { listChanged: true }, resources: {}, logging: {} } });
    const record = (tool: string, args: unknown): void => void this.calls.push({ tool, args });
    const recordTrace = (tool: string, extra: { requestInfo?: { headers: Record<string, string | string[] | undefined> }; _meta?: Record<string, unknown> }): void => {
      const header = extra.requestInfo?.headers['traceparent'];
      this.traceContexts.push({ tool, header: typeof header === 'string' ? header : undefined, meta: extra._meta?.['traceparent'] });
    };
    server.registerTool('add', { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } }, ({ a, b }, extra) => {
      record('add', { a, b });
      recordTrace('add', extra);
      return { content: [{ type: 'text', text: String(a + b) }] };
    });
    server.registerTool('echo', { description: 'Echoes its text', inputSchema: { text: z.string() } }, ({ text }, extra) => {
      record('echo', { text });
      recordTrace('echo', extra);
      return { content: [{ type: 'text', text: `echo: ${text}` }] };
    });
    server.registerTool('slow', { description: 'Answers when the test lets it' }, async (extra) => {
      record('slow', {});
      await Promise.race([this.#slowGate, new Promise((resolve) => extra.signal.addEventListener('abort', resolve, { once: true }))]);
      return { content: [{ type: 'text', text: 'finally' }] };
    });
    server.registerTool('fail', { description: 'Always fails' }, () => {
      record('fail', {});
      return { content: [{ type: 'text', text: 'the tool broke' }], isError: true };
    });
    server.registerTool('huge', { description: 'A very long answer' }, () => {
      record('huge', {});
      return { content: [{ type: 'text', text: 'x'.repeat(100_000) }] };
    });
    if (this.options.steps === true) {
      server.registerTool('steps', { description: 'Reports progress and logs while it works' }, async (extra) => {
        record('steps', {});
        const token = extra._meta?.progressToken;
        for (let step = 1; step <= 3 && token !== undefined; step++) {
          await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: step, total: 3, message: `step ${step}` } });
        }
        await extra.sendNotification({ method: 'notifications/message', params: { level: 'info', logger: 'steps', data: 'halfway there' } });
        return { content: [{ type: 'text', text: 'done' }] };
      });
    }
    server.registerResource('readme', 'notes://readme', { description: 'The readme', mimeType: 'text/plain' }, (uri) => ({ contents: [{ uri: uri.href, text: 'read me' }] }));
    this.#instances.push(server);
    return server;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const apiKey = req.headers['x-api-key'];
    this.authHeaders.push({ authorization: req.headers.authorization, apiKey: typeof apiKey === 'string' ? apiKey : undefined });
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/mcp') return this.#handleStreamable(req, res);
    if (url.pathname === '/sse' && req.method === 'GET') {
      const transport = new SSEServerTransport('/messages', res);
      this.#sse.set(transport.sessionId, transport);
      res.once('close', () => this.#sse.delete(transport.sessionId));
      await this.#mcpServer().connect(transport);
      return;
    }
    if (url.pathname === '/messages' && req.method === 'POST') {
      const transport = this.#sse.get(url.searchParams.get('sessionId') ?? '');
      if (transport === undefined) return void res.writeHead(404).end();
      return transport.handlePostMessage(req, res);
    }
    res.writeHead(404).end();
  }

  async #handleStreamable(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? this.#streamable.get(sessionId) : undefined;
    if (existing !== undefined) return existing.handleRequest(req, res);
    if (req.method !== 'POST') return void res.writeHead(400).end();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void this.#streamable.set(id, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) this.#streamable.delete(transport.sessionId);
    };
    await this.#mcpServer().connect(transport);
    await transport.handleRequest(req, res);
  }
}
