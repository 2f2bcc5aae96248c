import { expect } from 'chai';
import Anthropic from '@anthropic-ai/sdk';
import { FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const RAW = ['Let me check.', '\n<tool', '_call>\n{"name": "get_weather", ', '"arguments": {"city": "Par', 'is"}}\n</tool_call>'];

/**
 * The unmodified @anthropic-ai/sdk against /v1/messages with parse-output in front of a raw-text
 * worker: the Hermes text it answers reaches the client as a tool_use block, streamed and not.
 */
describe('conformance: @anthropic-ai/sdk sees tool_use blocks from a raw-text worker through parse-output', () => {
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let client: Anthropic;
  const tools = [{ name: 'get_weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];

  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      routes: { '/v1/messages': { pipeline: ['parse-output', 'upstream'], stages: { 'parse-output': { tool_call_parser: 'hermes' } } } },
    });
    client = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
  });
  beforeEach(() => {
    upstream.replyWords = [...RAW];
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('non-streaming: a text block, then a tool_use block with the parsed input; stop_reason tool_use', async () => {
    const message = await client.messages.create({ model: 'fake-model', max_tokens: 64, tools, messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    expect(message.stop_reason).to.equal('tool_use');
    expect(message.content.map((block) => block.type)).to.deep.equal(['text', 'tool_use']);
    expect(message.content[0]).to.deep.include({ type: 'text', text: 'Let me check.' });
    expect(message.content[1]).to.deep.include({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });
  });

  it('streaming: the SDK assembles the same message from input_json deltas', async () => {
    const message = await client.messages.stream({ model: 'fake-model', max_tokens: 64, tools, messages: [{ role: 'user', content: 'Weather in Paris?' }] }).finalMessage();
    expect(message.stop_reason).to.equal('tool_use');
    const toolUse = message.content.find((block) => block.type === 'tool_use');
    expect(toolUse).to.deep.include({ name: 'get_weather', input: { city: 'Paris' } });
    const text = message.content.filter((block) => block.type === 'text').map((block) => (block.type === 'text' ? block.text : '')).join('');
    expect(text).to.equal('Let me check.');
  });
});
