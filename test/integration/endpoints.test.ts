import { expect } from 'chai';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, postJson, startGateway } from '../support/start-gateway.js';
import { readSseEvents } from '../support/read-sse.js';

describe('completions, embeddings, models and workers', () => {
  let a: FakeUpstream;
  let b: FakeUpstream;
  before(async () => {
    a = await new FakeUpstream().start();
    b = await new FakeUpstream().start();
  });
  after(async () => {
    await a.stop();
    await b.stop();
  });
  beforeEach(() => {
    a.reset();
    b.reset();
  });

  it('serves /v1/completions (stream and not) and /v1/embeddings through their pipelines', async () => {
    const gateway = await gatewayFor([a.url]);
    try {
      const completion = await postJson(`${gateway.url}/v1/completions`, { model: 'fake-model', prompt: 'Once' });
      expect(((await completion.json()) as { choices: { text: string }[] }).choices[0]?.text).to.equal('Hello from the fake upstream.');
      const streamed = await readSseEvents(await postJson(`${gateway.url}/v1/completions`, { model: 'fake-model', prompt: 'Once', stream: true }));
      expect(streamed.at(-1)).to.equal('[DONE]');
      const embedding = await postJson(`${gateway.url}/v1/embeddings`, { model: 'fake-model', input: 'hello' });
      expect(((await embedding.json()) as { data: { embedding: number[] }[] }).data[0]?.embedding).to.deep.equal([0.1, 0.2, 0.3]);
      expect(a.requests.map((r) => r.path)).to.deep.equal(['/v1/completions', '/v1/completions', '/v1/embeddings']);
    } finally {
      await gateway.close();
    }
  });

  it('round-robins a model across the workers that list it, and only those', async () => {
    const gateway = await startGateway({
      workers: [
        { url: a.url, models: ['shared', 'only-a'] },
        { url: b.url, models: [{ id: 'shared' }] },
      ],
    });
    try {
      for (let i = 0; i < 4; i++) await postJson(`${gateway.url}/v1/chat/completions`, { model: 'shared', messages: [{ role: 'user', content: 'x' }] });
      await postJson(`${gateway.url}/v1/chat/completions`, { model: 'only-a', messages: [{ role: 'user', content: 'x' }] });
      expect(a.requests).to.have.length(3);
      expect(b.requests).to.have.length(2);
    } finally {
      await gateway.close();
    }
  });

  it('lists models with what config says about them, and discovers models of workers configured without any', async () => {
    a.models = ['discovered-1', 'discovered-2'];
    const gateway = await startGateway({
      workers: [{ url: a.url }, { url: b.url, models: ['configured'] }],
      models: { configured: { context_window: 4096, max_tokens: 512, capabilities: ['chat'], pricing: { prompt_per_million: 1, completion_per_million: 2 } } },
    });
    try {
      const list = (await (await fetch(`${gateway.url}/v1/models`)).json()) as { object: string; data: Record<string, unknown>[] };
      expect(list.object).to.equal('list');
      expect(list.data.map((m) => m['id'])).to.deep.equal(['configured', 'discovered-1', 'discovered-2']);
      expect(list.data[0]).to.deep.include({
        object: 'model',
        context_window: 4096,
        max_tokens: 512,
        capabilities: ['chat'],
        pricing: { currency: 'USD', prompt_per_million: 1, completion_per_million: 2 },
      });
      const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'discovered-2', messages: [{ role: 'user', content: 'x' }] });
      expect(res.status).to.equal(200);
      expect(a.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal(['GET /v1/models', 'POST /v1/chat/completions']);
    } finally {
      await gateway.close();
      a.models = ['fake-model'];
    }
  });

  it('sends a worker its own key only, and never relays an upstream 401 (or the key) to the client', async () => {
    const gateway = await startGateway({
      workers: [
        { url: a.url, models: ['m-a'], api_key: 'sk-canary-worker-a-123456' },
        { url: b.url, models: ['m-b'] },
      ],
    });
    try {
      await postJson(`${gateway.url}/v1/chat/completions`, { model: 'm-a', messages: [{ role: 'user', content: 'x' }] });
      await postJson(`${gateway.url}/v1/chat/completions`, { model: 'm-b', messages: [{ role: 'user', content: 'x' }] });
      expect(a.requests[0]?.headers['authorization']).to.equal('Bearer sk-canary-worker-a-123456');
      expect(b.requests[0]?.headers['authorization']).to.equal(undefined);

      a.failNext(401, 1, { error: { message: 'Incorrect API key provided: sk-canary-worker-a-123456', type: 'invalid_request_error' } });
      const refused = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'm-a', messages: [{ role: 'user', content: 'x' }] });
      expect(refused.status).to.equal(502);
      a.failNext(400, 1, { error: { message: 'bad key sk-canary-worker-a-123456 in request', type: 'invalid_request_error', param: 'x' } });
      const echoed = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'm-a', messages: [{ role: 'user', content: 'x' }] });
      expect(echoed.status).to.equal(400);
      const texts = [await refused.text(), await echoed.text(), await (await fetch(`${gateway.url}/metrics`)).text(), gateway.logLines.join('')];
      for (const text of texts) expect(text).to.not.contain('sk-canary-worker-a');
    } finally {
      await gateway.close();
    }
  });

  it('502 when a worker cannot be reached', async () => {
    const gateway = await startGateway({ workers: [{ url: 'http://127.0.0.1:1', models: ['m'] }] });
    try {
      const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] });
      expect(res.status).to.equal(502);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('GW_ERR_UPSTREAM_UNREACHABLE');
    } finally {
      await gateway.close();
    }
  });
});
