import { expect } from 'chai';
import OpenAI from 'openai';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, type TestGateway } from '../support/start-gateway.js';

/** The official `openai` client, unmodified, pointed at the gateway. */
describe('conformance: openai SDK 6.x against the gateway', () => {
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let client: OpenAI;

  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await gatewayFor([upstream.url], { auth: { api_keys: [{ id: 'sdk', key: 'sk-conformance-key-0001' }] } });
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'sk-conformance-key-0001', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.reset());

  it('chat, non-streaming', async () => {
    const completion = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).to.equal('Hello from the fake upstream.');
    expect(completion.usage?.total_tokens).to.equal(13);
  });

  it('chat, streaming: text arrives in order, usage only when asked', async () => {
    const plain = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const parts: string[] = [];
    for await (const chunk of plain) {
      expect(chunk.usage ?? undefined).to.equal(undefined);
      parts.push(chunk.choices[0]?.delta.content ?? '');
    }
    expect(parts.join('')).to.equal('Hello from the fake upstream.');

    const withUsage = await client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of withUsage) usage = chunk.usage ?? usage;
    expect(usage).to.deep.equal({ prompt_tokens: 7, completion_tokens: 6, total_tokens: 13 });
  });

  it('embeddings and models list', async () => {
    const embedding = await client.embeddings.create({ model: 'fake-model', input: 'hello', encoding_format: 'float' });
    expect(embedding.data[0]?.embedding).to.deep.equal([0.1, 0.2, 0.3]);
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).to.deep.equal(['fake-model']);
  });

  it('a wrong key surfaces as AuthenticationError and never reaches the worker', async () => {
    const stranger = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'sk-wrong', maxRetries: 0 });
    const err = await stranger.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(OpenAI.AuthenticationError);
    expect(upstream.requests).to.have.length(0);
  });

  it('an upstream 429 and 500 surface as the SDK error classes', async () => {
    upstream.failNext(429, 3, { error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
    const limited = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(limited).to.be.instanceOf(OpenAI.RateLimitError);
    expect((limited as Error).message).to.contain('slow down');

    upstream.failNext(500, 3);
    const broken = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(broken).to.be.instanceOf(OpenAI.InternalServerError);

    const unknown = await client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(unknown).to.be.instanceOf(OpenAI.NotFoundError);
  });

  it('an upstream dying mid-stream makes the stream iterator throw', async () => {
    upstream.dropAfterChunks(2);
    const stream = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const received: string[] = [];
    const err = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    })().then(() => undefined, (e: unknown) => e);
    expect(received).to.deep.equal(['Hello', ' from']);
    expect(err).to.be.instanceOf(OpenAI.APIError);
    expect((err as Error).message).to.contain('cut off');
  });

  it('a stream that ends without [DONE] also throws', async () => {
    upstream.endWithoutDone();
    const stream = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const err = await (async () => {
      let chunks = 0;
      for await (const chunk of stream) chunks += chunk.choices.length;
      return chunks;
    })().then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(OpenAI.APIError);
  });
});
