import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'chai';
import { McpTestServer } from '../../support/mcp-test-server.js';
import { OtlpReceiver, type ReceivedSpan } from '../../support/otlp-receiver.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';

const ADMIN = 'sk-mcpgw-trace-admin-0001';
const USER = 'sk-mcpgw-trace-user-0001';
const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

// OTLP span kinds and status codes.
const SERVER = 2;
const CLIENT = 3;
const STATUS_ERROR = 2;

async function connect(gateway: TestGateway, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'ide', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${USER}`, ...headers } } }));
  return client;
}

async function registerCalc(gateway: TestGateway, mcp: McpTestServer): Promise<void> {
  const created = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'calc', name: 'Calculator', url: `${mcp.url}/mcp` }, { authorization: `Bearer ${ADMIN}` });
  expect(created.status).to.equal(201);
}

const config = (extra: Record<string, unknown>): Record<string, unknown> => ({
  auth: { control_plane_api_keys: [{ id: 'ops', key: ADMIN }], api_keys: [{ id: 'user', key: USER }] },
  workers: [{ url: 'demo://local', models: ['demo'] }],
  security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
  ...extra,
});

describe('tracing: a tools/call through the gateway\'s /mcp endpoint carries its span to the server', function () {
  this.timeout(30_000);
  let receiver: OtlpReceiver;
  let mcp: McpTestServer;
  let gateway: TestGateway;

  /** The client span the server was told of, and the /mcp request's server span it hangs under. */
  const spansOf = async (traceparent: string | undefined): Promise<{ call: ReceivedSpan; request: ReceivedSpan }> => {
    const [, traceId, spanId] = TRACEPARENT.exec(String(traceparent)) ?? [];
    expect(traceId, `a W3C traceparent reached the server: ${String(traceparent)}`).to.be.a('string');
    const call = await waitFor('the tool call span is exported', () => receiver.spans.find((s) => s.traceId === traceId && s.spanId === spanId), 15_000);
    const request = await waitFor('the /mcp request span is exported', () => receiver.spans.find((s) => s.spanId === call.parentSpanId), 15_000);
    return { call, request };
  };

  before(async () => {
    receiver = await new OtlpReceiver().start();
    mcp = await new McpTestServer().start();
    gateway = await startGateway(config({ tracing: { enabled: true, otlp_endpoint: `${receiver.url}/v1/traces`, export_delay_ms: 20 } }));
    await registerCalc(gateway, mcp);
  });
  beforeEach(() => {
    mcp.traceContexts.length = 0;
  });
  after(async () => {
    await gateway.close();
    await mcp.stop();
    await receiver.stop();
  });

  it('a call without a caller traceparent starts a trace: the server saw the exported client span', async () => {
    const client = await connect(gateway);
    try {
      const result = await client.callTool({ name: 'calc__add', arguments: { a: 2, b: 3 } });
      expect(result.content).to.deep.equal([{ type: 'text', text: '5' }]);
    } finally {
      await client.close();
    }
    expect(mcp.traceContexts).to.have.length(1);
    const seen = mcp.traceContexts[0]!;
    expect(seen.meta, 'params._meta.traceparent').to.equal(seen.header);
    const { call, request } = await spansOf(seen.header);
    expect(call).to.include({ kind: CLIENT, name: 'tools/call add' });
    expect(call.attributes).to.include({ 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'add', 'switchyard.mcp_server': 'calc', 'switchyard.call.status': 'ok' });
    expect(call.statusCode).to.not.equal(STATUS_ERROR);
    expect(request).to.include({ kind: SERVER, name: 'POST /mcp', traceId: call.traceId, parentSpanId: '' });
  });

  it('continues the traceparent the MCP client sent with its /mcp request', async () => {
    const client = await connect(gateway, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    try {
      await client.callTool({ name: 'calc__echo', arguments: { text: 'hi' } });
    } finally {
      await client.close();
    }
    const seen = mcp.traceContexts.find((c) => c.tool === 'echo');
    expect(seen?.header).to.match(new RegExp(`^00-${CALLER_TRACE}-`));
    const { call, request } = await spansOf(seen?.header);
    expect(call).to.include({ name: 'tools/call echo', traceId: CALLER_TRACE });
    expect(request).to.include({ kind: SERVER, name: 'POST /mcp', parentSpanId: CALLER_SPAN });
  });

  it('a stateless call (no session) is traced the same way', async () => {
    const res = await postJson(
      `${gateway.url}/mcp`,
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'calc__add', arguments: { a: 1, b: 1 } } },
      { authorization: `Bearer ${USER}`, accept: 'application/json, text/event-stream', traceparent: `00-${CALLER_TRACE.replace(/^4b/, '5c')}-${CALLER_SPAN}-01` },
    );
    expect(res.status).to.equal(200);
    await res.text();
    const seen = mcp.traceContexts.find((c) => c.tool === 'add');
    const { call } = await spansOf(seen?.header);
    expect(call).to.include({ name: 'tools/call add', traceId: CALLER_TRACE.replace(/^4b/, '5c') });
  });

  it('a failed call\'s span is an error that says how the call ended', async () => {
    const client = await connect(gateway, { traceparent: `00-${CALLER_TRACE.replace(/^4b/, '6d')}-${CALLER_SPAN}-01` });
    try {
      const result = await client.callTool({ name: 'calc__fail', arguments: {} });
      expect(result.isError).to.equal(true);
    } finally {
      await client.close();
    }
    const span = await waitFor('the failed call span is exported', () => receiver.spans.find((s) => s.traceId === CALLER_TRACE.replace(/^4b/, '6d') && s.name === 'tools/call fail'), 15_000);
    expect(span).to.include({ kind: CLIENT, statusCode: STATUS_ERROR });
    expect(span.attributes).to.include({ 'switchyard.call.status': 'tool_error' });
  });

  it('sends no traceparent through /mcp when tracing is off', async () => {
    const plain = await startGateway(config({}));
    try {
      await registerCalc(plain, mcp);
      const client = await connect(plain, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
      try {
        await client.callTool({ name: 'calc__add', arguments: { a: 1, b: 2 } });
      } finally {
        await client.close();
      }
      expect(mcp.traceContexts).to.deep.equal([{ tool: 'add', header: undefined, meta: undefined }]);
    } finally {
      await plain.close();
    }
  });
});
