import { expect } from 'chai';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { recordOf } from '../../../core/util/narrow-json.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { McpTestServer } from '../../support/mcp-test-server.js';
import { OtlpReceiver, type ReceivedSpan } from '../../support/otlp-receiver.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';

const ADMIN = 'sk-mcp-trace-admin-0001';
const USER = 'sk-mcp-trace-user-0001';
const CALLER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';

// OTLP span kinds.
const INTERNAL = 1;
const SERVER = 2;
const CLIENT = 3;

describe('tracing: the tool loop sends each MCP tool call its own span as traceparent', function () {
  this.timeout(30_000);
  let receiver: OtlpReceiver;
  let upstream: FakeUpstream;
  let mcp: McpTestServer;
  let gateway: TestGateway;

  const traceOf = async (traceId: string): Promise<ReceivedSpan[]> => {
    await waitFor('the server span is exported', () => receiver.spans.some((s) => s.traceId === traceId && s.kind === SERVER), 15_000);
    return receiver.spans.filter((s) => s.traceId === traceId);
  };
  const chat = (traceId: string, stream: boolean): Promise<Response> =>
    postJson(
      `${gateway.url}/v1/chat/completions`,
      { model: 'fake-model', stream, messages: [{ role: 'user', content: 'What is 2+3?' }], tools: [{ type: 'mcp', server_id: 'calc', allowed_tools: ['add', 'echo'] }] },
      { authorization: `Bearer ${USER}`, traceparent: `00-${traceId}-${CALLER_SPAN}-01` },
    );

  before(async () => {
    receiver = await new OtlpReceiver().start();
    upstream = await new FakeUpstream().start();
    mcp = await new McpTestServer().start();
    gateway = await startGateway({
      auth: { control_plane_api_keys: [{ id: 'ops', key: ADMIN }], api_keys: [{ id: 'user', key: USER }] },
      workers: [{ url: upstream.url, models: ['fake-model'], health: { interval_ms: 0 } }],
      security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
      routes: { '/v1/chat/completions': { pipeline: ['tool-loop', 'upstream'], stages: { 'tool-loop': { max_iterations: 3 } } } },
      tracing: { enabled: true, otlp_endpoint: `${receiver.url}/v1/traces`, export_delay_ms: 20 },
    });
    const created = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'calc', name: 'Calculator', url: `${mcp.url}/mcp` }, { authorization: `Bearer ${ADMIN}` });
    expect(created.status).to.equal(201);
  });
  beforeEach(() => {
    upstream.reset();
    mcp.traceContexts.length = 0;
  });
  after(async () => {
    await gateway.close();
    await mcp.stop();
    await upstream.stop();
    await receiver.stop();
  });

  for (const stream of [false, true]) {
    it(`${stream ? 'a stream' : 'a JSON answer'}: each tool call is a client span of the request's trace, and the MCP server saw it as traceparent`, async () => {
      const traceId = stream ? CALLER_TRACE : CALLER_TRACE.replace(/^0a/, '1b');
      upstream.toolCallReplies.push([
        { name: 'calc__add', arguments: '{"a":2,"b":3}' },
        { name: 'calc__echo', arguments: '{"text":"hi"}' },
      ]);
      const res = await chat(traceId, stream);
      expect(res.status).to.equal(200);
      await res.text();
      const spans = await traceOf(traceId);

      const loopStage = spans.find((s) => s.kind === INTERNAL && s.name === 'stage tool-loop');
      expect(loopStage, 'the tool-loop stage span').to.not.equal(undefined);
      const toolSpans = spans.filter((s) => s.kind === CLIENT && s.name.startsWith('tools/call '));
      expect(toolSpans.map((s) => s.name).sort()).to.deep.equal(['tools/call add', 'tools/call echo']);
      // A stream's loop runs behind the client's stream, after the stage returned: its calls hang
      // under the request's span; a JSON answer's under the tool-loop stage's.
      const parent = stream ? spans.find((s) => s.kind === SERVER)! : loopStage!;
      for (const span of toolSpans) {
        expect(span.parentSpanId, span.name).to.equal(parent.spanId);
        expect(span.attributes).to.include({ 'mcp.method.name': 'tools/call', 'switchyard.mcp_server': 'calc', 'switchyard.call.status': 'ok' });
      }

      // The MCP server got the same trace, each call as the child of its own span.
      expect(mcp.traceContexts).to.have.length(2);
      for (const seen of mcp.traceContexts) {
        const span = toolSpans.find((s) => s.name === `tools/call ${seen.tool}`)!;
        expect(seen.header, `${seen.tool}: traceparent header`).to.equal(`00-${traceId}-${span.spanId}-01`);
        expect(seen.meta, `${seen.tool}: params._meta.traceparent`).to.equal(seen.header);
      }
      // The upstream attempts stay in the same trace too.
      for (const request of upstream.requests) expect(String(request.headers['traceparent'])).to.contain(traceId);
    });
  }

  it('a failed tool call\'s span is an error with the call\'s outcome as an attribute', async () => {
    const traceId = CALLER_TRACE.replace(/^0a/, '3d');
    upstream.toolCallReplies.push([{ name: 'calc__fail', arguments: '{}' }]);
    const res = await postJson(
      `${gateway.url}/v1/chat/completions`,
      { model: 'fake-model', messages: [{ role: 'user', content: 'break it' }], tools: [{ type: 'mcp', server_id: 'calc', allowed_tools: ['fail'] }] },
      { authorization: `Bearer ${USER}`, traceparent: `00-${traceId}-${CALLER_SPAN}-01` },
    );
    expect(res.status).to.equal(200);
    await res.text();
    const span = (await traceOf(traceId)).find((s) => s.kind === CLIENT && s.name === 'tools/call fail');
    expect(span, 'the failed call span').to.not.equal(undefined);
    expect(span!.statusCode, 'ERROR').to.equal(2);
    expect(span!.attributes).to.include({ 'switchyard.call.status': 'tool_error' });
  });

  it('a stdio server (no headers) finds the call\'s span in params._meta.traceparent', async () => {
    const fixture = join(PACKAGE_ROOT, 'test', 'fixtures', 'mcp-stdio', 'stdio-server.mjs');
    const local = await startGateway({
      auth: { control_plane_api_keys: [{ id: 'ops', key: ADMIN }], api_keys: [{ id: 'user', key: USER }] },
      workers: [{ url: upstream.url, models: ['fake-model'], health: { interval_ms: 0 } }],
      tool_loop: { stdio: { enabled: true, servers: [{ server_id: 'local', name: 'Local tools', command: process.execPath, args: [fixture] }] } },
      routes: { '/v1/chat/completions': { pipeline: ['tool-loop', 'upstream'] } },
      tracing: { enabled: true, otlp_endpoint: `${receiver.url}/v1/traces`, export_delay_ms: 20 },
    });
    try {
      await waitFor('the stdio server to connect', async () => recordOf(await (await fetch(`${local.url}/mcp/servers/local`, { headers: { authorization: `Bearer ${ADMIN}` } })).json())['status'] === 'healthy', 30_000, 100);
      const traceId = CALLER_TRACE.replace(/^0a/, '2c');
      upstream.toolCallReplies.push([{ name: 'local__trace_probe', arguments: '{}' }]);
      const res = await postJson(
        `${local.url}/v1/chat/completions`,
        { model: 'fake-model', messages: [{ role: 'user', content: 'probe' }], tools: [{ type: 'mcp', server_id: 'local' }] },
        { authorization: `Bearer ${USER}`, traceparent: `00-${traceId}-${CALLER_SPAN}-01` },
      );
      expect(res.status).to.equal(200);
      await res.text();
      const spans = await traceOf(traceId);
      const span = spans.find((s) => s.kind === CLIENT && s.name === 'tools/call trace_probe');
      expect(span, 'the tool call span').to.not.equal(undefined);
      const messages = upstream.chatBodies()[1]?.['messages'];
      const toolAnswer = Array.isArray(messages) ? recordOf(messages.at(-1)) : {};
      expect(toolAnswer).to.include({ role: 'tool', content: `00-${traceId}-${span!.spanId}-01` });
    } finally {
      await local.close();
    }
  });

  it('sends no traceparent to MCP servers when tracing is off', async () => {
    const plain = await startGateway({
      auth: { control_plane_api_keys: [{ id: 'ops', key: ADMIN }], api_keys: [{ id: 'user', key: USER }] },
      workers: [{ url: upstream.url, models: ['fake-model'], health: { interval_ms: 0 } }],
      security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
      routes: { '/v1/chat/completions': { pipeline: ['tool-loop', 'upstream'] } },
    });
    try {
      const created = await postJson(`${plain.url}/mcp/servers`, { server_id: 'calc', name: 'Calculator', url: `${mcp.url}/mcp` }, { authorization: `Bearer ${ADMIN}` });
      expect(created.status).to.equal(201);
      upstream.toolCallReplies.push([{ name: 'calc__add', arguments: '{"a":1,"b":1}' }]);
      const res = await postJson(
        `${plain.url}/v1/chat/completions`,
        { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'mcp', server_id: 'calc' }] },
        { authorization: `Bearer ${USER}`, traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
      );
      expect(res.status).to.equal(200);
      await res.text();
      expect(mcp.traceContexts).to.deep.equal([{ tool: 'add', header: undefined, meta: undefined }]);
    } finally {
      await plain.close();
    }
  });
});
