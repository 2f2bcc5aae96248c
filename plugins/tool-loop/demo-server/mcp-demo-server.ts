import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod/v4';
import { PACKAGE_VERSION } from '../../../core/package-root.js';

export interface McpDemoServerOptions {
  /** 0: any free port. */
  readonly port: number;
  /** Loopback by default: the demo is for this machine. */
  readonly host?: string;
  /** What `get_time` reads (tests fix it). */
  readonly clock?: () => Date;
}

export interface RunningMcpDemoServer {
  /** The MCP endpoint, e.g. `http://127.0.0.1:8931/mcp`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Largest request body the demo reads: its tools take a few short arguments. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The demo's tools: harmless on purpose (no file, network or process access) so that anyone can
 * run it next to the demo worker and watch a tool loop end to end.
 */
function demoMcpServer(clock: () => Date): McpServer {
  const server = new McpServer({ name: 'switchyard-demo-mcp', version: PACKAGE_VERSION });
  server.registerTool('add', { description: 'Adds two numbers a and b', inputSchema: { a: z.number(), b: z.number() } }, ({ a, b }) => ({
    content: [{ type: 'text', text: String(a + b) }],
  }));
  server.registerTool('echo', { description: 'Echoes its text back', inputSchema: { text: z.string().max(10_000) } }, ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  server.registerTool('get_time', { description: 'The current time (UTC, ISO 8601)' }, () => ({
    content: [{ type: 'text', text: clock().toISOString() }],
  }));
  return server;
}

/**
 * `switchyard mcp demo-server`: a small MCP server over streamable HTTP at `/mcp`, built with the
 * official SDK. Stateless (a fresh server per request, JSON answers): nothing to clean up, and a
 * gateway that reconnects finds it as it was.
 */
export async function startMcpDemoServer(options: McpDemoServerOptions): Promise<RunningMcpDemoServer> {
  const clock = options.clock ?? (() => new Date());
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => void handle(req, res, clock));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, clock: () => Date): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== '/mcp') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('The demo MCP server answers at /mcp.\n');
  if (req.method !== 'POST') {
    // Stateless: no standalone SSE stream to open (GET) and no session to end (DELETE).
    return void res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null }));
  }
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req)).toString('utf8'));
  } catch {
    return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error: send one JSON-RPC message (at most 64 KiB).' }, id: null }));
  }
  const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
  const server = demoMcpServer(clock);
  res.once('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
