import { expect } from 'chai';
import OpenAI from 'openai';
import { FakeAnthropicUpstream } from '../support/fake-anthropic-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

describe('OpenAI-format chat routed to an Anthropic upstream', () => {
  let upstream: FakeAnthropicUpstream;
  let gateway: TestGateway;
  let client: OpenAI;
  before(async () => {
    upstream = await new FakeAnthropicUpstream().start();
    gateway = await startGateway({ workers: [{ url: upstream.url, runtime: 'anthropic', api_key: 'sk-ant-worker-0001' }] });
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.reset());

  it('discovers models and translates a request with system, images, tools and tool results', async () => {
    expect((await client.models.list()).data.map((m) => m.id)).to.deep.equal(['claude-fake']);
    const completion = await client.chat.completions.create({
      model: 'claude-fake',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'rainy' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: 'required',
      stop: 'END',
    });
    expect(completion.choices[0]?.message.content).to.equal('Hi from fake claude');
    expect(completion.choices[0]?.finish_reason).to.equal('stop');
    expect(completion.usage).to.deep.include({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 });
    const sent = upstream.requests.find((r) => r.path === '/v1/messages')!;
    expect(sent.headers['x-api-key']).to.equal('sk-ant-worker-0001');
    expect(sent.headers['anthropic-version']).to.equal('2023-06-01');
    expect(sent.body).to.deep.equal({
      model: 'claude-fake',
      max_tokens: 4096,
      system: 'Be brief.',
      stop_sequences: ['END'],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'rainy' }] },
      ],
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'any' },
    });
  });

  it('translates tool_use answers, streaming and not', async () => {
    upstream.useTool = true;
    const plain = await client.chat.completions.create({ model: 'claude-fake', messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    expect(plain.choices[0]?.finish_reason).to.equal('tool_calls');
    expect(plain.choices[0]?.message.tool_calls?.[0]).to.deep.include({ id: 'toolu_1', type: 'function' });
    const stream = await client.chat.completions.create({ model: 'claude-fake', stream: true, messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    let args = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(JSON.parse(args)).to.deep.equal({ city: 'Paris' });
    expect(finish).to.equal('tool_calls');
  });

  it('streams text in order with usage when asked, and a mid-stream failure makes the SDK throw', async () => {
    const stream = await client.chat.completions.create({ model: 'claude-fake', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).to.equal('Hi from fake claude');
    expect(usage).to.deep.equal({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 });

    upstream.dropAfterEvents = 3;
    const broken = await client.chat.completions.create({ model: 'claude-fake', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const err = await (async () => {
      for await (const chunk of broken) void chunk;
    })().then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(OpenAI.APIError);
  });

  it('sends the request id and the headers stages asked for (the seed\'s x-cache-status), its own winning', async () => {
    const cached = await startGateway({ workers: [{ url: upstream.url, runtime: 'anthropic', api_key: 'sk-ant-worker-0001' }], pipeline: ['semantic-cache', 'upstream'] });
    try {
      const res = await fetch(`${cached.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'req-anthropic-0001' },
        body: JSON.stringify({ model: 'claude-fake', messages: [{ role: 'user', content: 'What is a fjord?' }] }),
      });
      expect(res.status).to.equal(200);
      const sent = upstream.requests.find((r) => r.path === '/v1/messages');
      expect(sent?.headers['x-request-id']).to.equal(res.headers.get('x-request-id'));
      expect(sent?.headers['x-cache-status']).to.equal('miss');
      expect(sent?.headers['x-api-key']).to.equal('sk-ant-worker-0001');
    } finally {
      await cached.close();
    }
  });

  it('maps Anthropic errors to OpenAI ones', async () => {
    upstream.failWith = { status: 400, type: 'invalid_request_error', message: 'max_tokens: too large' };
    const err = await client.chat.completions.create({ model: 'claude-fake', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(OpenAI.BadRequestError);
    expect((err as Error).message).to.contain('max_tokens: too large');
    const embeddings = await client.embeddings.create({ model: 'claude-fake', input: 'x' }).catch((e: unknown) => e);
    expect(embeddings).to.be.instanceOf(OpenAI.BadRequestError);
  });

  it('garbage from an Anthropic worker is a 502 charged to it, streaming or not, never a 500 or a clean end', async () => {
    upstream.garbage = true;
    const plain = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-fake', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(plain.status).to.equal(502);
    expect(((await plain.json()) as { error: { code: string } }).error.code).to.equal('GW_ERR_UPSTREAM_INVALID_RESPONSE');
    const stream = await client.chat.completions.create({ model: 'claude-fake', stream: true, messages: [{ role: 'user', content: 'x' }] });
    let thrown: unknown;
    try {
      for await (const chunk of stream) void chunk;
    } catch (err) {
      thrown = err;
    }
    expect(thrown, 'the SDK must see the broken stream fail').to.be.instanceOf(Error);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).to.contain('switchyard_stream_errors_total{route="/v1/chat/completions",reason="invalid_event"} 1');
  });
});
