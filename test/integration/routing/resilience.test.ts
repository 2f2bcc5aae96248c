import { expect } from 'chai';
import OpenAI from 'openai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { readSseEvents } from '../../support/read-sse.js';
import { waitFor } from '../../support/wait-for.js';

const chat = (model = 'fake-model', extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: 'x' }], ...extra });

async function withGateway(raw: Record<string, unknown>, run: (g: TestGateway) => Promise<void>): Promise<void> {
  const gateway = await startGateway(raw);
  try {
    await run(gateway);
  } finally {
    await gateway.close();
  }
}

describe('resilience', function () {
  this.timeout(20_000);
  let a: FakeUpstream;
  let b: FakeUpstream;
  let c: FakeUpstream;
  before(async () => {
    [a, b, c] = await Promise.all([new FakeUpstream().start(), new FakeUpstream().start(), new FakeUpstream().start()]);
  });
  after(() => Promise.all([a.stop(), b.stop(), c.stop()]));
  beforeEach(() => [a, b, c].forEach((f) => f.reset()));
  const two = () => ({ workers: [{ url: a.url, models: ['fake-model'] }, { url: b.url, models: ['fake-model'] }] });

  it('retries a failed attempt on another worker', async () => {
    await withGateway(two(), async (g) => {
      a.failNext(503, 100);
      for (let i = 0; i < 4; i++) expect((await postJson(`${g.url}/v1/chat/completions`, chat())).status).to.equal(200);
      expect(b.chatBodies()).to.have.length(4);
      expect(a.chatBodies().length).to.be.within(1, 4);
    });
  });

  it('never retries once a byte reached the client', async () => {
    await withGateway(two(), async (g) => {
      a.dropAfterChunks(2);
      b.dropAfterChunks(2);
      const events = await readSseEvents(await postJson(`${g.url}/v1/chat/completions`, chat('fake-model', { stream: true })));
      expect(JSON.parse(events.at(-1)!)).to.have.nested.property('error.code', 'GW_ERR_UPSTREAM_STREAM_FAILED');
      expect(a.requests.length + b.requests.length).to.equal(1);
    });
  });

  it('the retry budget caps upstream attempts when every worker fails under openai SDK load (default retries)', async () => {
    const attemptsWith = async (resilience: Record<string, unknown>): Promise<{ upstream: number; sdkCalls: number }> => {
      a.reset();
      b.reset();
      a.failNext(500, 10_000);
      b.failNext(500, 10_000);
      let sdkCalls = 0;
      // Breakers would (rightly) stop traffic to the failing workers; this test measures retries alone.
      await withGateway({ ...two(), resilience: { ...resilience, circuit_breaker: { failure_threshold: 100_000 } } }, async (g) => {
        const client = new OpenAI({
          baseURL: `${g.url}/v1`,
          apiKey: 'unused',
          fetch: (url: string | URL | Request, init?: RequestInit) => {
            sdkCalls += 1;
            return fetch(url, init);
          },
        });
        const request = { model: 'fake-model', messages: [{ role: 'user' as const, content: 'x' }] };
        const results = await Promise.allSettled(Array.from({ length: 50 }, () => client.chat.completions.create(request)));
        expect(results.every((r) => r.status === 'rejected')).to.equal(true);
      });
      return { upstream: a.requests.length + b.requests.length, sdkCalls };
    };
    // How many retries a partial budget lets through depends on how the 50 requests overlap in
    // time (it caps retries in flight, not in all): the two ends are exact on any machine.
    const unbounded = await attemptsWith({ retries: { budget_ratio: 1, budget_min: 1000, initial_backoff_ms: 20 } });
    const budgeted = await attemptsWith({ retries: { budget_ratio: 0, budget_min: 0, initial_backoff_ms: 20 } });
    expect(unbounded.sdkCalls, 'x-should-retry: false stops the SDK from retrying').to.equal(50);
    expect(budgeted.sdkCalls).to.equal(50);
    expect(unbounded.upstream).to.equal(150);
    expect(budgeted.upstream, 'an empty budget allows no retry at all').to.equal(50);
  });

  it('opens a failing worker\'s circuit (visible in /metrics), sends traffic elsewhere, and probes it after the cool-down', async () => {
    await withGateway({ ...two(), resilience: { circuit_breaker: { failure_threshold: 2, cooldown_ms: 300, success_threshold: 1 }, retries: { max_attempts: 2 } } }, async (g) => {
      a.failNext(500, 2);
      for (let i = 0; i < 6; i++) expect((await postJson(`${g.url}/v1/chat/completions`, chat())).status).to.equal(200);
      expect(a.chatBodies()).to.have.length(2);
      const metrics = await (await fetch(`${g.url}/metrics`)).text();
      expect(metrics).to.contain('switchyard_worker_circuit_state{worker="worker-1",model="fake-model"} 2');
      expect(metrics).to.contain('switchyard_worker_circuit_state{worker="worker-2",model="fake-model"} 0');
      await waitFor('the cool-down to pass', async () => (await (await fetch(`${g.url}/metrics`)).text()).includes('switchyard_worker_circuit_state{worker="worker-1",model="fake-model"} 1'));
      for (let i = 0; i < 4; i++) await postJson(`${g.url}/v1/chat/completions`, chat());
      expect(a.chatBodies().length, 'the probe went through and closed the circuit').to.be.greaterThan(2);
      expect(await (await fetch(`${g.url}/metrics`)).text()).to.contain('switchyard_worker_circuit_state{worker="worker-1",model="fake-model"} 0');
    });
  });

  it('active health checks take a worker out and bring it back', async () => {
    const health = { path: '/health', interval_ms: 50, failure_threshold: 2, success_threshold: 2, timeout_ms: 200 };
    await withGateway({ workers: [{ url: a.url, models: ['fake-model'], health }, { url: b.url, models: ['fake-model'], health }] }, async (g) => {
      a.healthy = false;
      await waitFor('the worker to be taken out', async () => (await (await fetch(`${g.url}/metrics`)).text()).includes('switchyard_worker_healthy{worker="worker-1"} 0'));
      // Only the record is cleared: reset() would also make the worker healthy again mid-test.
      a.requests.length = 0;
      for (let i = 0; i < 4; i++) await postJson(`${g.url}/v1/chat/completions`, chat());
      expect(a.chatBodies()).to.have.length(0);
      expect(await (await fetch(`${g.url}/metrics`)).text()).to.contain('switchyard_worker_healthy{worker="worker-1"} 0');
      a.healthy = true;
      await waitFor('the worker to come back', async () => (await (await fetch(`${g.url}/metrics`)).text()).includes('switchyard_worker_healthy{worker="worker-1"} 1'));
      for (let i = 0; i < 4; i++) await postJson(`${g.url}/v1/chat/completions`, chat());
      expect(a.chatBodies()).to.have.length(2);
    });
  });

  it('/health says per worker healthy or degraded (seed 004\'s endpoints), by id only', async () => {
    const health = { path: '/health', interval_ms: 50, failure_threshold: 2, success_threshold: 2, timeout_ms: 200 };
    await withGateway({ workers: [{ url: a.url, models: ['fake-model'], health }, { url: b.url, models: ['fake-model'], health }] }, async (g) => {
      const endpoints = async (): Promise<unknown> => ((await (await fetch(`${g.url}/health`)).json()) as { endpoints?: unknown }).endpoints;
      expect(await endpoints()).to.deep.equal({ 'worker-1': 'healthy', 'worker-2': 'healthy' });
      a.healthy = false;
      await waitFor('worker-1 to be degraded', async () => JSON.stringify(await endpoints()) === JSON.stringify({ 'worker-1': 'degraded', 'worker-2': 'healthy' }));
      expect(JSON.stringify(await endpoints())).not.to.contain(a.url.replace('http://', ''));
      a.healthy = true;
      await waitFor('worker-1 to be healthy again', async () => JSON.stringify(await endpoints()) === JSON.stringify({ 'worker-1': 'healthy', 'worker-2': 'healthy' }));
    });
  });

  it('walks the fallback chain in order when a model\'s workers are unavailable', async () => {
    await withGateway(
      {
        workers: [
          { url: 'http://127.0.0.1:1', models: ['primary'] },
          { url: b.url, models: ['secondary'] },
          { url: c.url, models: ['tertiary'] },
        ],
        models: { primary: { fallbacks: ['secondary', 'tertiary'] }, secondary: { fallbacks: ['primary'] } },
        resilience: { retries: { max_attempts: 3, initial_backoff_ms: 1 } },
      },
      async (g) => {
        b.failNext(500, 1);
        const res = await postJson(`${g.url}/v1/chat/completions`, chat('primary'));
        expect(res.status).to.equal(200);
        expect(b.chatBodies().map((x) => x['model'])).to.deep.equal(['secondary']);
        expect(c.chatBodies().map((x) => x['model'])).to.deep.equal(['tertiary']);
      },
    );
  });
});
