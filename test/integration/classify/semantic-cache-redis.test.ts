import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { RedisAnswerStore } from '../../../plugins/classify/cache/redis-answer-store.js';
import { loadDefaultFeaturizer } from '../../../plugins/classify/cache/default-featurizer.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { startRedis, type TestRedis } from '../../support/redis-server.js';
import { startGateway, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';

const CLI = ['--import', import.meta.resolve('tsx'), join(PACKAGE_ROOT, 'bin', 'switchyard.ts')];
const KEY_A = 'sk-shared-cache-a-0001';
const KEY_B = 'sk-shared-cache-b-0002';
const PREFIX = 'test:semantic-cache:';

/**
 * semantic-cache with `backend: redis`: two gateways (two apps, as two replicas would be) share one
 * private redis-server; what one answered the other replays, for the same key only.
 */
describe('semantic-cache shared through Redis', function () {
  this.timeout(60_000);
  let redis: TestRedis;
  let redisStopped = false;
  let probe: Redis;
  let upstream: FakeUpstream;
  let first: TestGateway;
  let second: TestGateway;
  const clients = (gateway: TestGateway, key: string): OpenAI => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });

  before(async () => {
    redis = await startRedis();
    probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    // The last test stops Redis: the probe's reconnect errors are expected then.
    probe.on('error', () => undefined);
    upstream = await new FakeUpstream().start();
    const config = {
      auth: { api_keys: [{ id: 'a', key: KEY_A }, { id: 'b', key: KEY_B }] },
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      pipeline: ['upstream'],
      routes: {
        '/v1/chat/completions': {
          pipeline: ['semantic-cache', 'upstream'],
          // A generous command timeout: on a busy machine a slow answer must not read as Redis down.
          stages: { 'semantic-cache': { similarity_threshold: 0.9, backend: 'redis', redis: { url: redis.url, timeout_ms: 5000, key_prefix: PREFIX } } },
        },
      },
    };
    first = await startGateway(config);
    second = await startGateway(config);
  });
  after(async () => {
    await first.close();
    await second.close();
    probe.disconnect();
    await upstream.stop();
    if (!redisStopped) await redis.stop();
  });

  /** The store happens after the answer went out: wait until Redis holds `n` answers. */
  const storedAnswers = (n: number): Promise<true> => waitFor(`${n} answers in redis`, async () => (await probe.zcard(`${PREFIX}entries`)) >= n || undefined, 15_000, 50);
  const ask = (client: OpenAI, content: string) =>
    client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content }] }).withResponse();
  const streamed = async (client: OpenAI, content: string): Promise<{ text: string; status: string | null }> => {
    const { data, response } = await client.chat.completions.create({ model: 'fake-model', stream: true, messages: [{ role: 'user', content }] }).withResponse();
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
    return { text, status: response.headers.get('x-cache-status') };
  };

  it('a question answered through one gateway is a hit on the other, for the same key; another key misses', async () => {
    const answered = await ask(clients(first, KEY_A), 'What is the capital of France?');
    expect(answered.response.headers.get('x-cache-status')).to.equal('miss');
    await storedAnswers(1);
    const replayed = await ask(clients(second, KEY_A), 'what is the capital of   France?');
    expect(replayed.response.headers.get('x-cache-status')).to.equal('hit');
    expect(replayed.data.choices[0]?.message.content).to.equal(answered.data.choices[0]?.message.content);
    expect(upstream.chatBodies()).to.have.length(1);
    const otherKey = await ask(clients(second, KEY_B), 'What is the capital of France?');
    expect(otherKey.response.headers.get('x-cache-status'), 'answers never cross keys').to.equal('miss');
    expect(upstream.chatBodies()).to.have.length(2);
    await storedAnswers(2);
  });

  it('matches a reworded question by similarity across gateways', async () => {
    await ask(clients(first, KEY_A), 'Explain how photosynthesis works in green plants');
    await storedAnswers(3);
    const similar = await ask(clients(second, KEY_A), 'Explain how photosynthesis works in green plants?');
    expect(similar.response.headers.get('x-cache-status')).to.equal('hit');
    expect(Number(similar.response.headers.get('x-cache-similarity'))).to.be.within(0.9, 1);
    const different = await ask(clients(second, KEY_A), 'Explain how vaccines train the immune system');
    expect(different.response.headers.get('x-cache-status')).to.equal('miss');
    await storedAnswers(4);
  });

  it('records a stream on one gateway and replays it as SSE on the other', async () => {
    const before = upstream.chatBodies().length;
    const live = await streamed(clients(first, KEY_A), 'Name three prime numbers');
    expect(live.status).to.equal('miss');
    await storedAnswers(5);
    const replay = await streamed(clients(second, KEY_A), 'Name three prime numbers');
    expect(replay).to.deep.equal({ text: live.text, status: 'hit' });
    expect(upstream.chatBodies().length - before).to.equal(1);
  });

  it('keeps no question text or key id in Redis keys, and expires buckets with the TTL', async () => {
    const keys = await probe.keys(`${PREFIX}*`);
    expect(keys.length).to.be.greaterThan(1);
    for (const key of keys) expect(key).to.not.match(/capital|france|photosynthesis|prime|sk-/i);
    const bucket = keys.find((key) => key.startsWith(`${PREFIX}b:`));
    expect(bucket).to.be.a('string');
    expect(await probe.pttl(bucket ?? '')).to.be.within(1, 3_600_000);
  });

  it('reports the shared size and this gateway\'s hit ratio', async () => {
    const metrics = await (await fetch(`${second.url}/metrics`)).text();
    expect(Number(/^semantic_router_cache_size (\S+)/m.exec(metrics)?.[1])).to.be.at.least(2);
    expect(Number(/^semantic_router_cache_hit_ratio (\S+)/m.exec(metrics)?.[1])).to.be.within(0.1, 0.9);
  });

  it('an answer past its TTL is not served even while its bucket lives on', async () => {
    let now = 1_000_000;
    const store = new RedisAnswerStore(new Redis(redis.url), { keyPrefix: `${PREFIX}ttl:`, ttlMs: 60_000, threshold: 0.9, maxBucketEntries: 10, now: () => now });
    const featurizer = loadDefaultFeaturizer();
    const features = featurizer.featurize('How far is the moon?');
    await store.store('bucket', 'how far is the moon?', features, { model: 'm', content: 'far', finishReason: 'stop' });
    expect((await store.lookup('bucket', 'how far is the moon?', features))?.answer.content).to.equal('far');
    now += 60_001;
    expect(await store.lookup('bucket', 'how far is the moon?', features)).to.equal(undefined);
    await store.close();
  });

  it('a full bucket takes no new answer, so a lookup reads a bounded hash', async () => {
    const store = new RedisAnswerStore(new Redis(redis.url), { keyPrefix: `${PREFIX}full:`, ttlMs: 60_000, threshold: 0.9, maxBucketEntries: 2 });
    const featurizer = loadDefaultFeaturizer();
    const answer = { model: 'm', content: 'yes', finishReason: 'stop' };
    for (const question of ['is water wet?', 'is fire hot?', 'is ice cold?']) await store.store('bucket', question, featurizer.featurize(question), answer);
    expect(await probe.hlen(`${PREFIX}full:b:bucket`)).to.equal(2);
    expect(await store.lookup('bucket', 'is ice cold?', featurizer.featurize('is ice cold?'))).to.equal(undefined);
    expect((await store.lookup('bucket', 'is fire hot?', featurizer.featurize('is fire hot?')))?.similarity).to.equal(1);
    await store.store('bucket', 'is fire hot?', featurizer.featurize('is fire hot?'), { ...answer, content: 'very' });
    expect((await store.lookup('bucket', 'is fire hot?', featurizer.featurize('is fire hot?')))?.answer.content, 'an answer already there is replaced').to.equal('very');
    await store.close();
  });

  it('Redis down: requests bypass the cache and still succeed', async () => {
    await redis.stop();
    redisStopped = true;
    const before = upstream.chatBodies().length;
    const answer = await ask(clients(first, KEY_A), 'What is the capital of France?');
    expect(answer.response.status).to.equal(200);
    expect(answer.response.headers.get('x-cache-status')).to.equal('bypass');
    expect(upstream.requests.at(-1)?.headers['x-cache-status'], 'the worker is told too').to.equal('bypass');
    expect(upstream.chatBodies().length - before).to.equal(1);
  });
});

describe('semantic-cache with backend: redis under config check', function () {
  this.timeout(60_000);

  it('builds the stage without contacting Redis', async () => {
    // A listener standing in for Redis that only counts who connects.
    let connections = 0;
    const listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const file = join(mkdtempSync(join(tmpdir(), 'sy-cache-check-')), 'gateway.yaml');
    writeFileSync(file, stringify({
      workers: [{ url: 'http://127.0.0.1:9/', models: ['fake-model'] }],
      routes: { '/v1/chat/completions': { pipeline: ['semantic-cache', 'upstream'], stages: { 'semantic-cache': { backend: 'redis', redis: { url: `redis://127.0.0.1:${port}` } } } } },
    }));
    try {
      const res = await new Promise<{ status: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, [...CLI, 'config', 'check', file], { cwd: PACKAGE_ROOT });
        let output = '';
        child.stdout.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr.on('data', (d: Buffer) => (output += d.toString()));
        child.on('close', (status) => resolve({ status, output }));
      });
      expect(res.status, res.output).to.equal(0);
      expect(connections, 'config check contacts nothing').to.equal(0);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
