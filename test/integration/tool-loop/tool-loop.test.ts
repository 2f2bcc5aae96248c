import { expect } from 'chai';
import { join } from 'node:path';
import OpenAI from 'openai';
import { readConfigFile } from '../../../core/config/load-config.js';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { recordOf } from '../../../core/util/narrow-json.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { McpTestServer } from '../../support/mcp-test-server.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';

const ADMIN = 'sk-loop-admin-0001';
const ALL = 'sk-loop-user-all-0001';
const ECHO_ONLY = 'sk-loop-user-echo-0001';

type Json = Record<string, unknown>;

function gatewayConfig(upstream: FakeUpstream, toolLoop: Json): Json {
  return {
    auth: {
      control_plane_api_keys: [{ id: 'ops', key: ADMIN }],
      api_keys: [
        { id: 'all', key: ALL },
        { id: 'echo-only', key: ECHO_ONLY, mcp_tools: ['calc/echo'] },
      ],
    },
    workers: [{ url: upstream.url, models: ['fake-model'], health: { interval_ms: 0 } }],
    security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
    routes: { '/v1/chat/completions': { pipeline: ['tool-loop', 'upstream'], stages: { 'tool-loop': toolLoop } } },
  };
}

async function register(gateway: TestGateway, mcp: McpTestServer): Promise<void> {
  const created = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'calc', name: 'Calculator', url: `${mcp.url}/mcp` }, { authorization: `Bearer ${ADMIN}` });
  expect(created.status).to.equal(201);
}

function chat(gateway: TestGateway, body: Json, key = ALL): Promise<Response> {
  return postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'What is 2+3?' }], ...body }, { authorization: `Bearer ${key}` });
}

const messagesOf = (body: Json | undefined): Json[] => (Array.isArray(body?.['messages']) ? (body['messages'] as Json[]) : []);
const toolNamesOf = (body: Json | undefined): string[] => (Array.isArray(body?.['tools']) ? (body['tools'] as Json[]).map((t) => String((t['function'] as Json)['name'])) : []);

describe('the tool-loop stage: MCP tools run for the model, turn after turn', function () {
  this.timeout(30_000);
  let upstream: FakeUpstream;
  let mcp: McpTestServer;
  let gateway: TestGateway;
  before(async () => {
    upstream = await new FakeUpstream().start();
    mcp = await new McpTestServer().start();
    gateway = await startGateway(gatewayConfig(upstream, { max_iterations: 3, tool_timeout_ms: 300, max_output_chars: 1000 }));
    await register(gateway, mcp);
  });
  beforeEach(() => {
    upstream.reset();
    mcp.calls.length = 0;
  });
  after(async () => {
    await gateway.close();
    await mcp.stop();
    await upstream.stop();
  });

  it('runs a two-tool, three-turn loop and answers once, with usage summed over the turns', async () => {
    upstream.toolCallReplies.push(
      [
        { name: 'calc__add', arguments: '{"a":2,"b":3}' },
        { name: 'calc__echo', arguments: '{"text":"hi"}' },
      ],
      [{ name: 'calc__add', arguments: '{"a":5,"b":1}' }],
    );
    const response = await chat(gateway, { tools: [{ type: 'mcp', server_id: 'calc', allowed_tools: ['add', 'echo'] }] });
    expect(response.status).to.equal(200);
    expect(response.headers.get('x-tool-loop-turns')).to.equal('3');
    const body = (await response.json()) as Json;
    const choice = (body['choices'] as Json[])[0]!;
    expect(choice['message']).to.deep.equal({ role: 'assistant', content: 'Hello from the fake upstream.' });
    expect(choice['finish_reason']).to.equal('stop');
    expect(body['usage']).to.deep.equal({ prompt_tokens: 21, completion_tokens: 18, total_tokens: 39 });

    const turns = upstream.chatBodies();
    expect(turns).to.have.length(3);
    expect(toolNamesOf(turns[0])).to.deep.equal(['calc__add', 'calc__echo']);
    expect((turns[0]!['tools'] as Json[])[0]).to.deep.include({ type: 'function' });
    const second = messagesOf(turns[1]);
    expect(second.map((m) => m['role'])).to.deep.equal(['user', 'assistant', 'tool', 'tool']);
    expect(second.slice(2).map((m) => m['content'])).to.deep.equal(['5', 'echo: hi']);
    expect(second[2]!['tool_call_id']).to.equal(((second[1]!['tool_calls'] as Json[])[0]!)['id']);
    expect(messagesOf(turns[2]).at(-1)).to.include({ role: 'tool', content: '6' });
    expect(mcp.calls).to.deep.include.members([
      { tool: 'add', args: { a: 2, b: 3 } },
      { tool: 'echo', args: { text: 'hi' } },
      { tool: 'add', args: { a: 5, b: 1 } },
    ]);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).to.match(/switchyard_mcp_tool_calls_total\{server="calc",tool="add",status="ok"\} 2/);
    expect(metrics).to.contain('switchyard_mcp_tool_call_duration_seconds_bucket');
    const logged = gateway.logLines.filter((l) => l.includes('"MCP tool call"'));
    expect(logged.some((l) => l.includes('"tool":"add"') && l.includes('"status":"ok"'))).to.equal(true);
    expect(logged.join(''), 'arguments are never logged').to.not.contain('"hi"');
  });

  it('hands a slow tool\'s timeout, a tool error and a cut-off output to the model as results', async () => {
    upstream.toolCallReplies.push([
      { name: 'calc__slow', arguments: '{}' },
      { name: 'calc__fail', arguments: '{}' },
      { name: 'calc__huge', arguments: '' },
      { name: 'calc__add', arguments: 'not json' },
    ]);
    const response = await chat(gateway, { tools: [{ type: 'mcp', server_id: 'calc' }] });
    expect(response.status).to.equal(200);
    const results = messagesOf(upstream.chatBodies()[1]).filter((m) => m['role'] === 'tool').map((m) => String(m['content']));
    expect(results[0]).to.equal('Error: the tool slow did not answer within 300 ms.');
    expect(results[1]).to.equal('Error: the tool broke');
    expect(results[2]).to.match(/^x{1000}\n\[truncated by the gateway: the tool's output had 100000 characters; the first 1000 are shown\]$/);
    expect(results[3]).to.contain('not valid JSON');
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).to.match(/switchyard_mcp_tool_calls_total\{server="calc",tool="slow",status="timeout"\} 1/);
    mcp.releaseSlow();
  });

  it('max_iterations stops a model that never stops calling tools', async () => {
    for (let i = 0; i < 10; i++) upstream.toolCallReplies.push([{ name: 'calc__add', arguments: '{"a":1,"b":1}' }]);
    const response = await chat(gateway, { tools: [{ type: 'mcp', server_id: 'calc' }] });
    expect(response.status).to.equal(200);
    expect(response.headers.get('x-tool-loop-stopped')).to.equal('max_iterations');
    expect(upstream.chatBodies()).to.have.length(3);
    expect(mcp.calls).to.have.length(2);
    const choice = ((await response.json()) as { choices: Json[] }).choices[0]!;
    expect(choice['message']).to.not.have.property('tool_calls');
    expect(choice['finish_reason']).to.equal('stop');
  });

  it('returns calls to the client\'s own functions to the client (mixed with MCP tools)', async () => {
    upstream.toolCallReplies.push([
      { name: 'calc__add', arguments: '{"a":1,"b":2}' },
      { name: 'get_weather', arguments: '{"city":"Oslo"}' },
    ]);
    const weather = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
    const response = await chat(gateway, { tools: [weather, { type: 'mcp', server_id: 'calc', allowed_tools: ['add'] }] });
    const choice = ((await response.json()) as { choices: Json[] }).choices[0]!;
    expect(choice['finish_reason']).to.equal('tool_calls');
    expect(((choice['message'] as Json)['tool_calls'] as Json[]).map((c) => (c['function'] as Json)['name'])).to.deep.equal(['get_weather']);
    expect(toolNamesOf(upstream.chatBodies()[0])).to.deep.equal(['get_weather', 'calc__add']);
  });

  it('refuses a tool the key may not use, and offers a limited key only what it holds', async () => {
    const refused = await chat(gateway, { tools: [{ type: 'mcp', server_id: 'calc', allowed_tools: ['add'] }] }, ECHO_ONLY);
    expect(refused.status).to.equal(403);
    expect(((await refused.json()) as { error: Json }).error['message']).to.contain('calc/add');
    expect(upstream.chatBodies()).to.have.length(0);
    const limited = await chat(gateway, { tools: [{ type: 'mcp', server_id: 'calc' }] }, ECHO_ONLY);
    expect(limited.status).to.equal(200);
    expect(toolNamesOf(upstream.chatBodies()[0])).to.deep.equal(['calc__echo']);
  });

  it('streams: a two-tool, three-turn loop relayed as it comes, progress in comments, usage summed', async () => {
    upstream.toolCallReplies.push(
      [
        { name: 'calc__add', arguments: '{"a":2,"b":3}' },
        { name: 'calc__echo', arguments: '{"text":"hi"}' },
      ],
      [{ name: 'calc__add', arguments: '{"a":5,"b":1}' }],
    );
    const response = await chat(gateway, { stream: true, stream_options: { include_usage: true }, tools: [{ type: 'mcp', server_id: 'calc' }] });
    expect(response.status).to.equal(200);
    const text = await response.text();
    expect(text).to.contain(': tool-loop: turn 1 calls calc__add, calc__echo');
    expect(text).to.contain(': tool-loop: turn 3');
    const events = text.split('\n\n').filter((b) => b.startsWith('data: ')).map((b) => b.slice(6));
    expect(events.join(''), 'no MCP call reaches the client').to.not.contain('calc__');
    expect(events.at(-1)).to.equal('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as Json);
    const words = chunks.map((c) => (((c['choices'] as Json[])[0]?.['delta'] as Json | undefined)?.['content'] ?? '') as string).join('');
    expect(words).to.equal('Hello from the fake upstream.');
    expect(chunks.filter((c) => c['usage'] !== null && c['usage'] !== undefined).map((c) => c['usage'])).to.deep.equal([{ prompt_tokens: 21, completion_tokens: 18, total_tokens: 39 }]);
    expect(chunks.filter((c) => ((c['choices'] as Json[])[0]?.['finish_reason'] ?? null) !== null).map((c) => (c['choices'] as Json[])[0]!['finish_reason'])).to.deep.equal(['stop']);
    const turns = upstream.chatBodies();
    expect(turns).to.have.length(3);
    expect(messagesOf(turns[1]).slice(2).map((m) => m['content'])).to.deep.equal(['5', 'echo: hi']);
    expect(messagesOf(turns[2]).at(-1)).to.include({ role: 'tool', content: '6' });
  });

  it('streams to the unmodified openai client, which ignores the progress comments', async () => {
    const routed = await startGateway(gatewayConfig(upstream, { servers: [{ server_id: 'calc' }], max_iterations: 2 }));
    try {
      await register(routed, mcp);
      for (let i = 0; i < 5; i++) upstream.toolCallReplies.push([{ name: 'calc__add', arguments: '{"a":1,"b":1}' }]);
      const client = new OpenAI({ baseURL: `${routed.url}/v1`, apiKey: ALL, maxRetries: 0 });
      const stream = await client.chat.completions.create({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'loop' }] });
      const finishes: string[] = [];
      for await (const chunk of stream) {
        const finish = chunk.choices[0]?.finish_reason;
        if (finish) finishes.push(finish);
        expect(chunk.choices[0]?.delta.tool_calls, 'MCP calls stay in the gateway').to.equal(undefined);
      }
      expect(finishes, 'max_iterations ends the stream with a plain stop').to.deep.equal(['stop']);
      expect(upstream.chatBodies()).to.have.length(2);
    } finally {
      await routed.close();
    }
  });

  it('refuses unknown servers; passes requests without MCP tools untouched', async () => {
    const unknown = await chat(gateway, { tools: [{ type: 'mcp', server_id: 'nope' }] });
    expect(unknown.status).to.equal(400);
    expect(((await unknown.json()) as { error: Json }).error['message']).to.contain('GET /mcp/servers');
    const weather = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
    const plain = await chat(gateway, { tools: [weather] });
    expect(plain.status).to.equal(200);
    expect(upstream.chatBodies()[0]!['tools']).to.deep.equal([weather]);
  });

  it('offers only the max_tools most relevant to the prompt, and says how many in x-tools-selected', async () => {
    const selective = await startGateway(gatewayConfig(upstream, { max_tools: 1 }));
    try {
      await register(selective, mcp);
      const weather = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
      const response = await chat(selective, { messages: [{ role: 'user', content: 'Please echo this text back' }], tools: [weather, { type: 'mcp', server_id: 'calc' }] });
      expect(response.status).to.equal(200);
      expect(response.headers.get('x-tools-selected')).to.equal('1');
      expect(toolNamesOf(upstream.chatBodies()[0])).to.deep.equal(['get_weather', 'calc__echo']);
      const sum = await chat(selective, { messages: [{ role: 'user', content: 'Adds two numbers: 2 and 3' }], tools: [{ type: 'mcp', server_id: 'calc' }] });
      expect(sum.headers.get('x-tools-selected')).to.equal('1');
      expect(toolNamesOf(upstream.chatBodies()[1])).to.deep.equal(['calc__add']);
    } finally {
      await selective.close();
    }
  });

  it('serves the route\'s configured servers to the unmodified openai client', async () => {
    const routed = await startGateway(gatewayConfig(upstream, { servers: [{ server_id: 'calc', allowed_tools: ['add'] }] }));
    try {
      await register(routed, mcp);
      upstream.toolCallReplies.push([{ name: 'calc__add', arguments: '{"a":40,"b":2}' }]);
      const client = new OpenAI({ baseURL: `${routed.url}/v1`, apiKey: ALL, maxRetries: 0 });
      const { data, response } = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'What is 40+2?' }] }).withResponse();
      expect(response.headers.get('x-tool-loop-turns')).to.equal('2');
      expect(data.choices[0]?.message.content).to.equal('Hello from the fake upstream.');
      expect(data.usage).to.deep.equal({ prompt_tokens: 14, completion_tokens: 12, total_tokens: 26 });
      expect(messagesOf(upstream.chatBodies()[1]).at(-1)).to.include({ role: 'tool', content: '42' });
    } finally {
      await routed.close();
    }
  });
});

describe('examples/tool-loop.yaml serves a tool loop', function () {
  this.timeout(30_000);
  it('registers an MCP server with the example\'s ops key and runs its tool for the model', async () => {
    const upstream = await new FakeUpstream().start();
    const mcp = await new McpTestServer().start();
    const raw = recordOf(readConfigFile(join(PACKAGE_ROOT, 'examples', 'tool-loop.yaml')));
    // The fake model stands in for the demo worker (its model name kept) to choose the calls.
    upstream.models = ['switchyard-demo'];
    const config = JSON.parse(JSON.stringify({ ...raw, workers: [{ url: upstream.url, models: ['switchyard-demo'], health: { interval_ms: 0 } }] }).replace('${OPS_KEY}', ADMIN)) as Json;
    const gateway = await startGateway(config);
    try {
      await register(gateway, mcp);
      upstream.toolCallReplies.push([{ name: 'calc__echo', arguments: '{"text":"from the example"}' }]);
      const response = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'switchyard-demo', messages: [{ role: 'user', content: 'echo' }], tools: [{ type: 'mcp', server_id: 'calc' }] });
      expect(response.status).to.equal(200);
      expect(response.headers.get('x-tool-loop-turns')).to.equal('2');
      expect(mcp.calls).to.deep.equal([{ tool: 'echo', args: { text: 'from the example' } }]);
    } finally {
      await gateway.close();
      await mcp.stop();
      await upstream.stop();
    }
  });
});
