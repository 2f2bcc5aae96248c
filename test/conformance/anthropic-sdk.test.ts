import { expect } from 'chai';
import Anthropic from '@anthropic-ai/sdk';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, type TestGateway } from '../support/start-gateway.js';

/** The official `@anthropic-ai/sdk`, unmodified, against /v1/messages backed by an OpenAI-format worker. */
describe('conformance: @anthropic-ai/sdk against /v1/messages on an OpenAI-compatible worker', () => {
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let client: Anthropic;

  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await gatewayFor([upstream.url], { auth: { api_keys: [{ id: 'claude-code', key: 'sk-ant-conformance-0001' }] } });
    client = new Anthropic({ baseURL: gateway.url, apiKey: 'sk-ant-conformance-0001', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.reset());

  it('messages.countTokens (as Claude Code calls it) and models.list in Anthropic\'s shape, with x-api-key', async () => {
    const short = await client.messages.countTokens({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] });
    const long = await client.messages.countTokens({
      model: 'fake-model',
      system: 'You are a careful assistant who answers in full sentences.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarise the history of the printing press in three paragraphs.' }] }],
      tools: [{ name: 'search', description: 'Search the web', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
    });
    expect(short.input_tokens).to.be.a('number').and.to.be.greaterThan(0);
    expect(long.input_tokens, 'system, text and tools all count').to.be.greaterThan(short.input_tokens + 20);
    expect(upstream.requests, 'counted by the gateway, not sent to a worker').to.have.length(0);
    const page = await client.models.list();
    expect(page.data.map((m) => [m.type, m.id])).to.deep.equal([['model', 'fake-model']]);
    expect(page.data[0]?.display_name).to.equal('fake-model');
  });

  it('non-streaming: translated both ways, x-api-key accepted', async () => {
    const message = await client.messages.create({
      model: 'fake-model',
      max_tokens: 64,
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      stop_sequences: ['END'],
    });
    expect(message.type).to.equal('message');
    expect(message.role).to.equal('assistant');
    expect(message.content).to.deep.equal([{ type: 'text', text: 'Hello from the fake upstream.' }]);
    expect(message.stop_reason).to.equal('end_turn');
    expect(message.usage).to.deep.include({ input_tokens: 7, output_tokens: 6 });
    expect(upstream.chatBodies()[0]).to.deep.equal({
      model: 'fake-model',
      max_tokens: 64,
      stop: ['END'],
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(upstream.requests[0]?.headers['x-api-key']).to.equal(undefined);
  });

  it('streaming: Anthropic event names, text in order, usage at the end', async () => {
    const stream = client.messages.stream({ model: 'fake-model', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    const types: string[] = [];
    const text: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text.push(event.delta.text);
    }
    const final = await stream.finalMessage();
    expect(text.join('')).to.equal('Hello from the fake upstream.');
    expect(types[0]).to.equal('message_start');
    expect(types.slice(1, 2)).to.deep.equal(['content_block_start']);
    expect(types.slice(-3)).to.deep.equal(['content_block_stop', 'message_delta', 'message_stop']);
    expect(final.stop_reason).to.equal('end_turn');
    expect(final.usage.output_tokens).to.equal(6);
  });

  it('a mid-stream upstream failure makes the stream throw', async () => {
    upstream.dropAfterChunks(2);
    const stream = client.messages.stream({ model: 'fake-model', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    const err = await (async () => {
      for await (const event of stream) void event;
    })().then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(Error);
    expect(String((err as Error).message)).to.contain('cut off');
  });

  it('a malformed upstream event makes the stream throw, never a silent drop', async () => {
    upstream.sendMalformedEventAfter(2);
    const stream = client.messages.stream({ model: 'fake-model', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    const err = await (async () => {
      for await (const event of stream) void event;
    })().then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(Error);
    expect(String((err as Error).message)).to.contain('malformed');
  });

  it('errors come back in Anthropic shape as the SDK error classes', async () => {
    const stranger = new Anthropic({ baseURL: gateway.url, apiKey: 'sk-wrong', maxRetries: 0 });
    const unauthorized = await stranger.messages.create({ model: 'fake-model', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(unauthorized).to.be.instanceOf(Anthropic.AuthenticationError);
    const missing = await client.messages.create({ model: 'nope', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(Anthropic.NotFoundError);
    expect((missing as { error: unknown }).error).to.deep.equal({ type: 'error', error: { type: 'not_found_error', message: 'The model `nope` does not exist or has no worker.' } });
    const bad = await fetch(`${gateway.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'sk-ant-conformance-0001', 'content-type': 'application/json' }, body: '{"model":"fake-model"}' });
    expect(bad.status).to.equal(400);
    expect(await bad.json()).to.deep.include({ type: 'error' });
  });
});
