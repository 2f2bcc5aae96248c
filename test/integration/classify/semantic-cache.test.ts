import { expect } from 'chai';
import OpenAI from 'openai';
import { recordOf } from '../../../core/util/narrow-json.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../../support/start-gateway.js';
import { requestsSettled } from '../../support/wait-for.js';

const KEY_A = 'sk-cache-team-a-0001';
const KEY_B = 'sk-cache-team-b-0002';

/** semantic-cache through the real server: the fake worker counts what still reaches it. */
describe('semantic-cache through the real server', function () {
  this.timeout(30_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let a: OpenAI;
  let b: OpenAI;
  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await startGateway({
      auth: { api_keys: [{ id: 'a', key: KEY_A }, { id: 'b', key: KEY_B }] },
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      pipeline: ['upstream'],
      routes: {
        '/v1/chat/completions': { pipeline: ['classify', 'semantic-cache', 'upstream'], stages: { 'semantic-cache': { similarity_threshold: 0.9 } } },
      },
    });
    a = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: KEY_A, maxRetries: 0 });
    b = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: KEY_B, maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const ask = (client: OpenAI, content: string, headers: Record<string, string> = {}) =>
    client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content }] }, { headers }).withResponse();
  const streamed = async (client: OpenAI, content: string): Promise<string> => {
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'fake-model', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content }] })) {
      text += chunk.choices[0]?.delta.content ?? '';
    }
    return text;
  };

  it('answers a repeated question from the cache, for the same key only', async () => {
    const first = await ask(a, 'What is the capital of France?');
    expect(first.response.headers.get('x-cache-status')).to.equal('miss');
    expect(upstream.requests.at(-1)?.headers['x-cache-status'], 'the worker is told too').to.equal('miss');
    await requestsSettled(gateway.app);
    const again = await ask(a, 'what is the   capital of France?');
    expect(again.response.headers.get('x-cache-status')).to.equal('hit');
    expect(again.data.choices[0]?.message.content).to.equal(first.data.choices[0]?.message.content);
    expect(recordOf(recordOf(again.data)['routing_metadata'])['cache_hit']).to.equal(true);
    expect(upstream.chatBodies()).to.have.length(1);
    const other = await ask(b, 'What is the capital of France?');
    expect(other.response.headers.get('x-cache-status'), 'another key never sees this key\'s answers').to.equal('miss');
    expect(upstream.chatBodies()).to.have.length(2);
  });

  it('reuses an answer for a reworded question above the similarity threshold, not for a different one', async () => {
    await ask(a, 'Explain how photosynthesis works in green plants');
    await requestsSettled(gateway.app);
    const similar = await ask(a, 'Explain how photosynthesis works in green plants?');
    expect(similar.response.headers.get('x-cache-status')).to.equal('hit');
    expect(Number(similar.response.headers.get('x-cache-similarity'))).to.be.within(0.9, 1);
    const different = await ask(a, 'Explain how vaccines train the immune system');
    expect(different.response.headers.get('x-cache-status')).to.equal('miss');
  });

  it('records a stream and replays it as a stream and as JSON', async () => {
    const before = upstream.chatBodies().length;
    const live = await streamed(a, 'Name three prime numbers');
    await requestsSettled(gateway.app);
    expect(await streamed(a, 'Name three prime numbers')).to.equal(live);
    const json = await ask(a, 'Name three prime numbers');
    expect(json.response.headers.get('x-cache-status')).to.equal('hit');
    expect(json.data.choices[0]?.message.content).to.equal(live);
    expect(upstream.chatBodies().length - before).to.equal(1);
  });

  it('Cache-Control: no-cache bypasses it', async () => {
    const before = upstream.chatBodies().length;
    const bypass = await ask(a, 'What is the capital of France?', { 'cache-control': 'no-cache' });
    expect(bypass.response.headers.get('x-cache-status')).to.equal('bypass');
    expect(upstream.chatBodies().length - before).to.equal(1);
  });

  it('reports the classifier and the cache on /health, next to its status', async () => {
    const health = recordOf(await (await fetch(`${gateway.url}/health`)).json());
    expect(health['status']).to.equal('ok');
    expect(health['models']).to.deep.equal({ category_classifier: 'loaded', jailbreak_guard: 'loaded', pii_detector: 'not_loaded' });
    expect(recordOf(health['cache'])).to.include({ status: 'enabled' });
    expect(recordOf(health['cache'])['entries']).to.be.greaterThan(0);
    expect(await (await fetch(`${gateway.url}/liveness`)).json(), 'the plain probes stay as they were').to.deep.equal({ status: 'ok' });
  });

  it('reports its size and hit ratio', async () => {
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(Number(/^semantic_router_cache_size (\S+)/m.exec(metrics)?.[1])).to.be.greaterThan(0);
    expect(Number(/^semantic_router_cache_hit_ratio (\S+)/m.exec(metrics)?.[1])).to.be.within(0.1, 0.9);
  });
});
