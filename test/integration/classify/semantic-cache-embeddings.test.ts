import { expect } from 'chai';
import OpenAI from 'openai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { startRedis, type TestRedis } from '../../support/redis-server.js';
import { startGateway, type TestGateway } from '../../support/start-gateway.js';
import { requestsSettled } from '../../support/wait-for.js';

const KEY_A = 'sk-embed-cache-a-0001';
const KEY_B = 'sk-embed-cache-b-0002';
const CONCEPTS = ['capital', 'france', 'spain', 'photosynthesis', 'plants'];

/**
 * The fake embedding model: a bag of known concepts, so paraphrases of one question get the same
 * direction whatever their wording; a text with no known concept points somewhere of its own.
 */
function conceptVector(text: string): number[] {
  const vector = new Array<number>(CONCEPTS.length + 64).fill(0);
  const words = text.toLowerCase().split(/[^a-z']+/).map((w) => w.replace(/'s$/, ''));
  let known = 0;
  for (const word of words) {
    const at = CONCEPTS.indexOf(word);
    if (at >= 0) {
      vector[at]! += 1;
      known += 1;
    }
  }
  if (known === 0) vector[CONCEPTS.length + ([...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 64)] = 1;
  return vector;
}

const ORIGINAL = 'What is the capital of France?';
const PARAPHRASE = "Tell me France's capital city, please.";

for (const backend of ['memory', 'redis'] as const) {
  describe(`semantic-cache with an embedding model served by the gateway's workers (${backend})`, function () {
    this.timeout(60_000);
    let upstream: FakeUpstream;
    let redis: TestRedis | undefined;
    let embedded: TestGateway;
    let plain: TestGateway;

    before(async () => {
      upstream = await new FakeUpstream().start();
      upstream.models = ['fake-model', 'embed-model'];
      upstream.embeddingOf = conceptVector;
      redis = backend === 'redis' ? await startRedis() : undefined;
      const store = redis === undefined ? {} : { backend: 'redis', redis: { url: redis.url, timeout_ms: 5000, key_prefix: 'test:embed-cache:' } };
      const config = (cache: Record<string, unknown>) => ({
        auth: { api_keys: [{ id: 'a', key: KEY_A }, { id: 'b', key: KEY_B }] },
        workers: [{ url: upstream.url, models: ['fake-model', 'embed-model'] }],
        pipeline: ['upstream'],
        routes: { '/v1/chat/completions': { pipeline: ['semantic-cache', 'upstream'], stages: { 'semantic-cache': { similarity_threshold: 0.9, ...store, ...cache } } } },
      });
      // A generous timeout: on a busy machine a slow embedding must not turn the hit tests into misses.
      embedded = await startGateway(config({ embedding: { model: 'embed-model', timeout_ms: 5000 } }));
      plain = await startGateway(config({}));
    });
    after(async () => {
      await embedded.close();
      await plain.close();
      await upstream.stop();
      await redis?.stop();
    });

    const ask = (gateway: TestGateway, key: string, content: string) =>
      new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content }] }).withResponse();
    const embeddingRequests = () => upstream.requests.filter((r) => r.path === '/v1/embeddings');
    const embeddingOutcomes = async (gateway: TestGateway, outcome: string): Promise<number> => {
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      return Number(new RegExp(`^semantic_router_cache_embedding_requests_total\\{outcome="${outcome}"\\} (\\S+)`, 'm').exec(metrics)?.[1] ?? 0);
    };

    it('answers a paraphrase from the cache only when the embedding model is configured', async () => {
      const first = await ask(embedded, KEY_A, ORIGINAL);
      expect(first.response.headers.get('x-cache-status')).to.equal('miss');
      const sent = embeddingRequests().at(-1);
      expect(sent?.body, 'the question goes to the embedding model through the gateway\'s worker').to.deep.include({ model: 'embed-model', input: ORIGINAL });
      expect(sent?.headers['x-request-id']).to.equal(first.response.headers.get('x-request-id'));
      await requestsSettled(embedded.app);
      const chats = upstream.chatBodies().length;
      const paraphrased = await ask(embedded, KEY_A, PARAPHRASE);
      expect(paraphrased.response.headers.get('x-cache-status')).to.equal('hit');
      expect(Number(paraphrased.response.headers.get('x-cache-similarity'))).to.be.within(0.9, 1);
      expect(paraphrased.data.choices[0]?.message.content).to.equal(first.data.choices[0]?.message.content);
      expect(upstream.chatBodies().length, 'no chat reached the worker').to.equal(chats);

      // The classifier's features alone do not see the two as the same question.
      await ask(plain, KEY_A, ORIGINAL);
      await requestsSettled(plain.app);
      const withoutModel = await ask(plain, KEY_A, PARAPHRASE);
      expect(withoutModel.response.headers.get('x-cache-status')).to.equal('miss');
      expect(await embeddingOutcomes(embedded, 'ok')).to.be.greaterThanOrEqual(2);
    });

    it('misses for another key and for a different question', async () => {
      const other = await ask(embedded, KEY_B, PARAPHRASE);
      expect(other.response.headers.get('x-cache-status'), "another key never sees this key's answers").to.equal('miss');
      const different = await ask(embedded, KEY_A, 'What is the capital of Spain?');
      expect(different.response.headers.get('x-cache-status')).to.equal('miss');
    });

    it('answers as a miss when the embedding model fails, and counts it without logging the question', async () => {
      const failedBefore = await embeddingOutcomes(embedded, 'failed');
      upstream.failModel('embed-model', 500, 1);
      const chats = upstream.chatBodies().length;
      const answered = await ask(embedded, KEY_A, 'Which city is the capital of France?');
      expect(answered.response.status).to.equal(200);
      expect(answered.response.headers.get('x-cache-status')).to.equal('miss');
      expect(answered.data.choices[0]?.message.content).to.be.a('string').and.not.empty;
      expect(upstream.chatBodies().length, 'the worker answered it').to.equal(chats + 1);
      expect(await embeddingOutcomes(embedded, 'failed')).to.equal(failedBefore + 1);
      const warning = embedded.logLines.find((line) => line.includes('no embedding for the question'));
      expect(warning).to.be.a('string');
      expect(warning).to.not.include('Which city');
      // Not recorded: with the model back, the same question is a hit only on the earlier answer.
      await requestsSettled(embedded.app);
      const again = await ask(embedded, KEY_A, 'Which city is the capital of France?');
      expect(again.response.headers.get('x-cache-status')).to.equal('hit');
      expect(again.data.choices[0]?.message.content).to.equal((await ask(embedded, KEY_A, ORIGINAL)).data.choices[0]?.message.content);
    });
  });
}

describe('semantic-cache embedding deadline', function () {
  this.timeout(60_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  before(async () => {
    upstream = await new FakeUpstream().start();
    upstream.embeddingOf = conceptVector;
    gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model', 'embed-model'] }],
      pipeline: ['upstream'],
      routes: { '/v1/chat/completions': { pipeline: ['semantic-cache', 'upstream'], stages: { 'semantic-cache': { embedding: { model: 'embed-model', timeout_ms: 100 } } } } },
    });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('a slow embedding model makes the request a miss, still answered', async () => {
    // Every answer starts 3 s late: the 100 ms deadline passes long before the embedding comes.
    upstream.delayFirstByte(3000);
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const answered = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: ORIGINAL }] }).withResponse();
    expect(answered.response.headers.get('x-cache-status')).to.equal('miss');
    expect(answered.data.choices[0]?.message.content).to.be.a('string').and.not.empty;
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).to.match(/^semantic_router_cache_embedding_requests_total\{outcome="timeout"\} 1$/m);
  });
});

describe('semantic-cache with an embedding model no worker serves', function () {
  this.timeout(60_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      pipeline: ['upstream'],
      routes: { '/v1/chat/completions': { pipeline: ['semantic-cache', 'upstream'], stages: { 'semantic-cache': { embedding: { model: 'nowhere-embed' } } } } },
    });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('answers every request as a miss and asks no worker for an embedding', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    for (let i = 0; i < 2; i++) {
      const answered = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: ORIGINAL }] }).withResponse();
      expect(answered.response.headers.get('x-cache-status')).to.equal('miss');
      await requestsSettled(gateway.app);
    }
    expect(upstream.requests.filter((r) => r.path === '/v1/embeddings')).to.have.length(0);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).to.match(/^semantic_router_cache_embedding_requests_total\{outcome="failed"\} 2$/m);
  });
});

describe('semantic-cache with an embedding model, exact repeats only', function () {
  this.timeout(60_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  before(async () => {
    upstream = await new FakeUpstream().start();
    upstream.embeddingOf = conceptVector;
    gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model', 'embed-model'] }],
      pipeline: ['upstream'],
      routes: { '/v1/chat/completions': { pipeline: ['semantic-cache', 'upstream'], stages: { 'semantic-cache': { similarity_threshold: 1, embedding: { model: 'embed-model' } } } } },
    });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('compares no vectors, so it asks for no embedding', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const ask = (content: string) => client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content }] }).withResponse();
    expect((await ask(ORIGINAL)).response.headers.get('x-cache-status')).to.equal('miss');
    await requestsSettled(gateway.app);
    expect((await ask(ORIGINAL)).response.headers.get('x-cache-status')).to.equal('hit');
    expect((await ask(PARAPHRASE)).response.headers.get('x-cache-status')).to.equal('miss');
    expect(upstream.requests.filter((r) => r.path === '/v1/embeddings')).to.have.length(0);
  });
});

describe('semantic-cache embedding config', () => {
  it('reports every error of the embedding settings at once', async () => {
    const error = await startGateway({
      workers: [{ url: 'http://127.0.0.1:9', models: ['m'] }],
      pipeline: ['semantic-cache', 'upstream'],
      stages: { 'semantic-cache': { embedding: { timeout_ms: 0, url: 'http://elsewhere' } } },
    }).then(
      (g) => g.close().then(() => undefined),
      (e: unknown) => e,
    );
    expect(String(error)).to.contain('embedding/model: is required').and.contain('embedding/timeout_ms: must be >= 1').and.contain('embedding/url: is not a known property');
  });
});
