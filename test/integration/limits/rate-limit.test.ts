import { expect } from 'chai';
import { Pool } from 'undici';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { gatewayFor, postJson, type TestGateway } from '../../support/start-gateway.js';
import { startRedis, type TestRedis } from '../../support/redis-server.js';
import { bearer } from '../../support/auth-fixture.js';
import { requestsSettled } from '../../support/wait-for.js';

const HOUR = 3_600_000;
const CHAT = JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] });

/** Keeps a test's burst inside one window (windows are aligned to the clock). */
async function awayFromWindowEdge(windowMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < 20_000) await new Promise((r) => setTimeout(r, left + 50));
}

function limitedConfig(key: string, rpm: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    auth: { api_keys: [{ id: 'limited', key, limits: { rpm } }] },
    pipeline: ['rate-limit', 'upstream'],
    stages: { 'rate-limit': { window_ms: HOUR } },
    ...extra,
  };
}

/** 1,000 requests from 200 connections spread over the given gateways, round robin. */
async function burst(gateways: readonly TestGateway[], key: string): Promise<{ statuses: number[]; remaining: number[]; retryAfter: (string | undefined)[] }> {
  const pools = gateways.map((g) => new Pool(g.url, { connections: Math.ceil(200 / gateways.length) }));
  try {
    const results = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        const res = await pools[i % pools.length]!.request({
          method: 'POST',
          path: '/v1/chat/completions',
          headers: { 'content-type': 'application/json', ...bearer(key) },
          body: CHAT,
        });
        await res.body.dump();
        return { status: res.statusCode, remaining: Number(res.headers['x-ratelimit-remaining']), retryAfter: res.headers['retry-after'] as string | undefined };
      }),
    );
    return {
      statuses: results.map((r) => r.status),
      remaining: results.filter((r) => r.status === 200).map((r) => r.remaining),
      retryAfter: results.filter((r) => r.status === 429).map((r) => r.retryAfter),
    };
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}

function expectExactly100(result: Awaited<ReturnType<typeof burst>>): void {
  expect(result.statuses.filter((s) => s === 200)).to.have.length(100);
  expect(result.statuses.filter((s) => s === 429)).to.have.length(900);
  expect([...result.remaining].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 100 }, (_, i) => i));
  expect(result.retryAfter.every((r) => r !== undefined && Number(r) >= 1)).to.equal(true);
}

describe('rate limits', function () {
  this.timeout(30_000);
  let upstream: FakeUpstream;
  before(async () => {
    upstream = await new FakeUpstream({ record: false }).start();
  });
  after(() => upstream.stop());

  it('in-process: 1,000 requests from 200 connections against 100/window admit exactly 100', async () => {
    await awayFromWindowEdge(HOUR);
    const gateway = await gatewayFor([upstream.url], limitedConfig('sk-limited-mem-0001', 100));
    try {
      expectExactly100(await burst([gateway], 'sk-limited-mem-0001'));
    } finally {
      await gateway.close();
    }
  });

  it('redis: two replicas sharing one Redis admit exactly 100 between them', async () => {
    await awayFromWindowEdge(HOUR);
    const redis = await startRedis();
    const config = limitedConfig('sk-limited-redis-0001', 100, { limits: { backend: 'redis', redis: { url: redis.url, timeout_ms: 500 } } });
    const a = await gatewayFor([upstream.url], config);
    const b = await gatewayFor([upstream.url], config);
    try {
      expectExactly100(await burst([a, b], 'sk-limited-redis-0001'));
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  });

  it('429 has the OpenAI shape, Retry-After and the X-RateLimit headers; per-model limits apply on top', async () => {
    const gateway = await gatewayFor([upstream.url], {
      auth: { api_keys: [{ id: 'k', key: 'sk-model-limit-0001', limits: { rpm: 10, models: { 'fake-model': { rpm: 2 } } } }] },
      pipeline: ['rate-limit', 'upstream'],
      stages: { 'rate-limit': { window_ms: HOUR } },
    });
    try {
      await awayFromWindowEdge(HOUR);
      const send = () => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }, bearer('sk-model-limit-0001'));
      const first = await send();
      expect(first.status).to.equal(200);
      expect(first.headers.get('x-ratelimit-limit')).to.equal('2');
      expect(first.headers.get('x-ratelimit-remaining')).to.equal('1');
      expect(Number(first.headers.get('x-ratelimit-reset'))).to.be.within(1, 3600);
      upstream.failNext(500, 3); // every attempt fails
      const failed = await send();
      expect(failed.status).to.equal(500);
      expect(failed.headers.get('x-ratelimit-remaining'), 'an upstream failure still carries the limit state').to.equal('0');
      const refused = await send();
      expect(refused.status).to.equal(429);
      expect(refused.headers.get('retry-after')).to.match(/^\d+$/);
      expect(refused.headers.get('x-ratelimit-remaining')).to.equal('0');
      const body = (await refused.json()) as { error: { type: string; code: string; message: string } };
      expect(body.error).to.include({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
      expect(body.error.message).to.contain('2 requests per 3600 s for this key on fake-model');
    } finally {
      await gateway.close();
    }
  });

  it('debits real token usage after the response (streams included) and refuses once the window is spent', async () => {
    const gateway = await gatewayFor([upstream.url], {
      auth: { api_keys: [{ id: 'tok', key: 'sk-token-limit-0001', limits: { tpm: 20 } }] },
      pipeline: ['rate-limit', 'upstream'],
      stages: { 'rate-limit': { window_ms: HOUR } },
    });
    try {
      await awayFromWindowEdge(HOUR);
      const chat = (stream: boolean) =>
        postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream, messages: [{ role: 'user', content: 'x' }] }, bearer('sk-token-limit-0001'));
      const streamed = await chat(true);
      expect(streamed.headers.get('x-ratelimit-remaining-tokens')).to.equal('20');
      await streamed.text(); // usage (13 tokens) is known only once the stream has left
      await requestsSettled(gateway.app);
      const second = await chat(false);
      expect(second.status).to.equal(200);
      expect(second.headers.get('x-ratelimit-remaining-tokens')).to.equal('7');
      await second.text();
      await requestsSettled(gateway.app);
      const refused = await chat(false);
      expect(refused.status).to.equal(429);
      expect(((await refused.json()) as { error: { message: string } }).error.message).to.contain('20 tokens per 3600 s');
    } finally {
      await gateway.close();
    }
  });

  it('pre-checks an estimate of the prompt against the token limit when asked to', async () => {
    const gateway = await gatewayFor([upstream.url], {
      auth: { api_keys: [{ id: 'est', key: 'sk-estimate-0001', limits: { tpm: 50 } }] },
      pipeline: ['rate-limit', 'upstream'],
      stages: { 'rate-limit': { window_ms: HOUR, estimate_prompt_tokens: true } },
    });
    try {
      const huge = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x '.repeat(200) }] }, bearer('sk-estimate-0001'));
      expect(huge.status).to.equal(429);
      const small = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }, bearer('sk-estimate-0001'));
      expect(small.status).to.equal(200);
    } finally {
      await gateway.close();
    }
  });

  describe('when Redis is down', () => {
    let redis: TestRedis | undefined;
    afterEach(async () => {
      await redis?.stop();
      redis = undefined;
    });

    for (const onFailure of ['fail_open', 'fail_closed'] as const) {
      it(`${onFailure}: answers quickly, counts the failure in /metrics, and recovers when Redis returns`, async () => {
        const port = await (await import('../../support/redis-server.js')).freePort();
        const gateway = await gatewayFor([upstream.url], limitedConfig('sk-redis-down-0001', 3, {
          limits: { backend: 'redis', redis: { url: `redis://127.0.0.1:${port}`, timeout_ms: 100, on_failure: onFailure } },
        }));
        try {
          const send = () => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }, bearer('sk-redis-down-0001'));
          const started = Date.now();
          const statuses = [];
          for (let i = 0; i < 5; i++) statuses.push((await send()).status);
          expect(Date.now() - started).to.be.below(2000);
          if (onFailure === 'fail_open') expect(statuses).to.deep.equal([200, 200, 200, 429, 429]); // local limiter
          else expect(statuses).to.deep.equal([503, 503, 503, 503, 503]);
          const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
          expect(metrics).to.match(new RegExp(`switchyard_limits_backend_failures_total\\{backend="redis",outcome="${onFailure}"\\} [1-9]`));

          redis = await startRedis(port);
          let recovered = false;
          for (let i = 0; i < 40 && !recovered; i++) {
            await new Promise((r) => setTimeout(r, 100));
            const res = await send();
            recovered = res.status === 200 && res.headers.get('x-ratelimit-remaining') !== null;
          }
          expect(recovered, 'reconnected on its own').to.equal(true);
        } finally {
          await gateway.close();
        }
      });
    }
  });
});
