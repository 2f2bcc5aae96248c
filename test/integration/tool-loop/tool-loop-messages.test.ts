import Anthropic from '@anthropic-ai/sdk';
import { expect } from 'chai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { McpTestServer } from '../../support/mcp-test-server.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';

const ADMIN = 'sk-loop-msg-admin-0001';
const KEY = 'sk-loop-msg-user-0001';

/** The loop works on the OpenAI body the Anthropic dialect made, so /v1/messages gets it too. */
describe('the tool-loop stage on /v1/messages (Anthropic SDK, through the dialect)', function () {
  this.timeout(30_000);
  let upstream: FakeUpstream;
  let mcp: McpTestServer;
  let gateway: TestGateway;
  before(async () => {
    upstream = await new FakeUpstream().start();
    mcp = await new McpTestServer().start();
    gateway = await startGateway({
      auth: { control_plane_api_keys: [{ id: 'ops', key: ADMIN }], api_keys: [{ id: 'user', key: KEY }] },
      workers: [{ url: upstream.url, models: ['fake-model'], health: { interval_ms: 0 } }],
      security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
      routes: { '/v1/messages': { pipeline: ['tool-loop', 'upstream'], stages: { 'tool-loop': { servers: [{ server_id: 'calc', allowed_tools: ['add'] }] } } } },
    });
    const created = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'calc', name: 'Calculator', url: `${mcp.url}/mcp` }, { authorization: `Bearer ${ADMIN}` });
    expect(created.status).to.equal(201);
  });
  after(async () => {
    await gateway.close();
    await mcp.stop();
    await upstream.stop();
  });

  it('answers once, after the tool ran, with usage summed, streamed and not', async () => {
    const client = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0 });
    upstream.toolCallReplies.push([{ name: 'calc__add', arguments: '{"a":20,"b":22}' }]);
    const message = await client.messages.create({ model: 'fake-model', max_tokens: 100, messages: [{ role: 'user', content: '20+22?' }] });
    expect(message.content).to.deep.equal([{ type: 'text', text: 'Hello from the fake upstream.' }]);
    expect(message.stop_reason).to.equal('end_turn');
    expect(message.usage).to.deep.include({ input_tokens: 14, output_tokens: 12 });
    const secondTurn = upstream.chatBodies()[1]?.['messages'];
    expect(Array.isArray(secondTurn) ? secondTurn.at(-1) : undefined).to.include({ role: 'tool', content: '42' });

    upstream.reset();
    upstream.toolCallReplies.push([{ name: 'calc__add', arguments: '{"a":1,"b":2}' }]);
    let text = '';
    const stream = client.messages.stream({ model: 'fake-model', max_tokens: 100, messages: [{ role: 'user', content: '1+2?' }] });
    stream.on('text', (delta) => (text += delta));
    const final = await stream.finalMessage();
    expect(text).to.equal('Hello from the fake upstream.');
    expect(final.content.every((block) => block.type === 'text')).to.equal(true);
    expect(upstream.chatBodies()).to.have.length(2);
  });
});
