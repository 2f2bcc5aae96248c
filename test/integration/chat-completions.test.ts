import { expect } from 'chai';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, postJson, type TestGateway } from '../support/start-gateway.js';
import { readSseEvents } from '../support/read-sse.js';
import { waitFor } from '../support/wait-for.js';

describe('POST /v1/chat/completions through the real gateway', () => {
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  const chat = (extra: Record<string, unknown> = {}) => ({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], ...extra });

  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await gatewayFor([upstream.url]);
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.reset());

  it('forwards a non-streaming request as sent and returns the upstream answer', async () => {
    const res = await postJson(`${gateway.url}/v1/chat/completions`, chat({ temperature: 0.2, user: 'u1' }), { 'x-request-id': 'req-123' });
    expect(res.status).to.equal(200);
    expect(res.headers.get('x-request-id')).to.equal('req-123');
    const body = (await res.json()) as { choices: { message: { content: string } }[]; usage: unknown };
    expect(body.choices[0]?.message.content).to.equal('Hello from the fake upstream.');
    expect(upstream.chatBodies()).to.deep.equal([chat({ temperature: 0.2, user: 'u1' })]);
    expect(upstream.requests[0]?.headers['x-request-id']).to.equal('req-123');
    expect(upstream.requests[0]?.headers['authorization'], 'no key configured, none sent').to.equal(undefined);
  });

  it('streams chunk by chunk, asks the upstream for usage and hides it from a client that did not ask', async () => {
    const res = await postJson(`${gateway.url}/v1/chat/completions`, chat({ stream: true }));
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
    const events = await readSseEvents(res);
    expect(events.at(-1)).to.equal('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as Record<string, unknown>);
    expect(chunks.map((c) => (c['choices'] as { delta: { content: string } }[])[0]?.delta.content).join('')).to.equal('Hello from the fake upstream.');
    expect(chunks.every((c) => !('usage' in c)), 'no usage field the client did not ask for').to.equal(true);
    expect(upstream.chatBodies()[0]).to.deep.include({ stream: true, stream_options: { include_usage: true } });

    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).to.match(/switchyard_tokens_total\{direction="input",model="fake-model"\} \d+/);
    expect(metrics).to.match(/switchyard_time_to_first_token_seconds_count\{route="\/v1\/chat\/completions",model="fake-model"\} [1-9]/);
  });

  it('passes usage through untouched to a client that asked for it', async () => {
    const res = await postJson(`${gateway.url}/v1/chat/completions`, chat({ stream: true, stream_options: { include_usage: true } }));
    const events = await readSseEvents(res);
    const usageEvent = JSON.parse(events.at(-2)!) as Record<string, unknown>;
    expect(usageEvent['choices']).to.deep.equal([]);
    expect(usageEvent['usage']).to.deep.equal({ prompt_tokens: 7, completion_tokens: 6, total_tokens: 13 });
    expect(JSON.parse(events[0]!)).to.have.property('usage', null);
  });

  it('delivers early chunks before the upstream has finished (no buffering)', async () => {
    upstream.delayBetweenChunks(150);
    const started = Date.now();
    const res = await postJson(`${gateway.url}/v1/chat/completions`, chat({ stream: true }));
    const reader = res.body!.getReader();
    const first = await reader.read();
    const firstAt = Date.now() - started;
    expect(Buffer.from(first.value).toString()).to.contain('Hello');
    expect(firstAt, 'first chunk arrives long before the ~750 ms the whole stream takes').to.be.below(500);
    await reader.cancel();
  });

  it('turns an upstream that dies mid-stream into an in-band error event, not a clean end', async () => {
    upstream.dropAfterChunks(2);
    const events = await readSseEvents(await postJson(`${gateway.url}/v1/chat/completions`, chat({ stream: true })));
    expect(events).to.have.length(3);
    expect(events).to.not.include('[DONE]');
    const error = JSON.parse(events[2]!) as { error: { code: string; type: string; message: string } };
    expect(error.error).to.include({ code: 'GW_ERR_UPSTREAM_STREAM_FAILED', type: 'server_error' });
  });

  it('treats a stream that ends without [DONE] as a failure', async () => {
    upstream.endWithoutDone();
    const events = await readSseEvents(await postJson(`${gateway.url}/v1/chat/completions`, chat({ stream: true })));
    const last = JSON.parse(events.at(-1)!) as { error: { message: string } };
    expect(last.error.message).to.contain('before [DONE]');
  });

  it('aborts the upstream request when the client disconnects', async () => {
    upstream.delayBetweenChunks(100);
    const res = await postJson(`${gateway.url}/v1/chat/completions`, chat({ stream: true }));
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await waitFor('the worker to see the abort', () => upstream.abortedRequests === 1);
  });

  it('relays upstream errors before the first byte with their status in the OpenAI shape', async () => {
    upstream.failNext(500, 3, 'not json at all');
    const broken = await postJson(`${gateway.url}/v1/chat/completions`, chat({ stream: true }));
    expect(broken.status).to.equal(500);
    expect(((await broken.json()) as { error: { type: string } }).error.type).to.equal('server_error');

    // Its own gateway: the worker's pause must not leak into the other tests.
    const paused = await gatewayFor([upstream.url]);
    try {
      upstream.reset();
      upstream.failNext(429, 3, { error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }, { 'retry-after': '7' });
      const limited = await postJson(`${paused.url}/v1/chat/completions`, chat());
      expect(limited.status).to.equal(429);
      expect(upstream.requests, 'the only worker asked for 7 s: not retried within them').to.have.length(1);
      expect(limited.headers.get('retry-after')).to.equal('7');
      expect(limited.headers.get('x-should-retry'), 'the gateway says it gave up').to.equal('false');
      expect(await limited.json()).to.deep.equal({ error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded', param: null } });
      const during = await postJson(`${paused.url}/v1/chat/completions`, chat());
      expect(during.status, 'while the worker pauses').to.equal(503);
      expect(Number(during.headers.get('retry-after'))).to.be.within(1, 7);
      expect(upstream.requests).to.have.length(1);
    } finally {
      await paused.close();
    }
  });

  it('answers a model nobody serves with 404 model_not_found and sends nothing upstream', async () => {
    const res = await postJson(`${gateway.url}/v1/chat/completions`, chat({ model: 'gpt-nope' }));
    expect(res.status).to.equal(404);
    expect(await res.json()).to.deep.equal({
      error: { message: 'The model `gpt-nope` does not exist or has no worker.', type: 'not_found_error', code: 'model_not_found', param: 'model' },
    });
    expect(upstream.requests).to.have.length(0);
  });
});
