import { expect } from 'chai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { readSseEvents } from '../../support/read-sse.js';
import { rawHttp } from '../../support/raw-http.js';
import { waitFor } from '../../support/wait-for.js';

const chat = (model = 'fake-model', extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: 'x' }], ...extra });

/** Breakers open after two failures here, so any miscounted outcome shows at once. */
const TOUCHY = { circuit_breaker: { failure_threshold: 2, cooldown_ms: 60_000, success_threshold: 1 }, retries: { max_attempts: 1 } };

async function metrics(g: TestGateway): Promise<string> {
  return (await fetch(`${g.url}/metrics`)).text();
}

/**
 * The circuit breaker and health state count only what the worker did (issue: "anyone can switch
 * a worker off"). Each case below opened the breaker before the fix.
 */
describe('circuit breakers count only what the worker did', function () {
  this.timeout(60_000);
  let upstream: FakeUpstream;
  let other: FakeUpstream;
  let gateway: TestGateway | undefined;
  before(async () => {
    [upstream, other] = await Promise.all([new FakeUpstream().start(), new FakeUpstream().start()]);
  });
  after(() => Promise.all([upstream.stop(), other.stop()]));
  afterEach(async () => {
    upstream.reset();
    other.reset();
    await gateway?.close();
    gateway = undefined;
  });

  const start = async (extra: Record<string, unknown> = {}): Promise<TestGateway> => {
    gateway = await startGateway({ workers: [{ url: upstream.url, models: ['fake-model'] }], resilience: TOUCHY, ...extra });
    return gateway;
  };

  /** Sends `body`, waits until the worker has it (and, for streams, the first event arrived), aborts. */
  const abortMidway = async (g: TestGateway, body: Record<string, unknown>, afterFirstByte: boolean): Promise<void> => {
    const seen = upstream.requests.length;
    const controller = new AbortController();
    const res = postJsonAbortable(`${g.url}/v1/chat/completions`, body, controller.signal);
    await waitFor('the worker to receive the request', () => upstream.requests.length > seen);
    if (afterFirstByte) {
      const reader = (await res).body!.getReader();
      await reader.read();
    }
    controller.abort();
    await res.catch(() => undefined);
    await waitFor('the worker to see the abort', () => upstream.abortedRequests > 0);
    upstream.abortedRequests = 0;
  };

  it('client aborts (non-stream, stream before and after the first byte) never open it', async () => {
    const g = await start();
    upstream.delayFirstByte(5_000);
    for (let i = 0; i < 3; i++) await abortMidway(g, chat(), false);
    for (let i = 0; i < 3; i++) await abortMidway(g, chat('fake-model', { stream: true }), false);
    upstream.delayFirstByte(0);
    upstream.delayBetweenChunks(200);
    for (let i = 0; i < 3; i++) await abortMidway(g, chat('fake-model', { stream: true }), true);
    upstream.delayBetweenChunks(0);
    expect((await postJson(`${g.url}/v1/chat/completions`, chat())).status).to.equal(200);
    expect(await metrics(g)).to.contain('switchyard_worker_circuit_state{worker="worker-1",model="fake-model"} 0');
    expect(await metrics(g), 'aborted requests are 499, not 404').to.match(/switchyard_requests_total\{route="\/v1\/chat\/completions",status="499",model="fake-model"\} 9/);
  });

  it('a client abort during the half-open probe frees the probe slot', async () => {
    const g = await start({ resilience: { ...TOUCHY, circuit_breaker: { failure_threshold: 2, cooldown_ms: 200, success_threshold: 1 } } });
    upstream.failNext(500, 2);
    for (let i = 0; i < 2; i++) expect((await postJson(`${g.url}/v1/chat/completions`, chat())).status).to.equal(500);
    await waitFor('the breaker to go half-open', async () => (await metrics(g)).includes('switchyard_worker_circuit_state{worker="worker-1",model="fake-model"} 1'));
    upstream.delayFirstByte(5_000);
    await abortMidway(g, chat(), false);
    upstream.delayFirstByte(0);
    expect((await postJson(`${g.url}/v1/chat/completions`, chat())).status, 'the next request is the probe').to.equal(200);
    expect(await metrics(g)).to.contain('switchyard_worker_circuit_state{worker="worker-1",model="fake-model"} 0');
  });

  it('a deeply nested body is a 400 that never reaches the worker or its breaker', async () => {
    const g = await start();
    const deep = `{"model":"fake-model","messages":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${g.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
      expect(res.status).to.equal(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('GW_ERR_REQUEST_JSON_TOO_COMPLEX');
    }
    expect(upstream.requests).to.have.length(0);
    expect((await postJson(`${g.url}/v1/chat/completions`, chat())).status).to.equal(200);
  });

  it('a percent-encoded provider name is served; paths leaving the provider\'s base are refused, not charged', async () => {
    const g = await start({ providers: { p1: { url: `${upstream.url}/base`, models: [] } } });
    const encoded = await rawHttp(g.url, 'GET', '/proxy/p%31/echo?x=1');
    expect(encoded.status).to.equal(200);
    expect((JSON.parse(encoded.body) as { echo: { path: string } }).echo.path).to.equal('/base/echo?x=1');
    for (const path of ['/proxy/p1/../admin', '/proxy/p1/%2e%2e/admin', '/proxy/p%31/%2E%2E/%2e%2e/admin', '/proxy/p1/a/..%5cadmin', '/proxy/p1/./x']) {
      const res = await rawHttp(g.url, 'GET', path);
      expect(res.status, path).to.equal(400);
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code, path).to.equal('GW_ERR_REQUEST_PATH_INVALID');
    }
    expect(upstream.requests.filter((r) => r.path.includes('admin'))).to.have.length(0);
    expect((await rawHttp(g.url, 'GET', '/proxy/p1/echo')).status, 'the provider is still in service').to.equal(200);
  });

  it('300 concurrent streams are queued in the gateway, not charged to the worker; traffic still answers 200', async () => {
    // Each stream (6 chunks, 500 ms apart) outlasts the headers timeout by far: had the 44 requests
    // past the 256 connections waited in the connection pool, the wait would have counted as the
    // worker's silence. The timeout is still generous for a busy machine answering headers.
    upstream.delayBetweenChunks(500);
    const g = await start({ stages: { upstream: { headers_timeout_ms: 1500 } }, resilience: { ...TOUCHY, circuit_breaker: { failure_threshold: 5, cooldown_ms: 60_000, success_threshold: 1 } } });
    const streams = await Promise.all(
      Array.from({ length: 300 }, async () => {
        const res = await postJson(`${g.url}/v1/chat/completions`, chat('fake-model', { stream: true }));
        return { status: res.status, events: await readSseEvents(res) };
      }),
    );
    expect(streams.filter((s) => s.status !== 200).map((s) => s.status)).to.deep.equal([]);
    expect(streams.filter((s) => s.events.at(-1) !== '[DONE]')).to.have.length(0);
    expect(await metrics(g)).to.contain('switchyard_worker_circuit_state{worker="worker-1",model="fake-model"} 0');
    expect((await postJson(`${g.url}/v1/chat/completions`, chat())).status).to.equal(200);
  });

  it('past the queue, the gateway sheds load with 503 and Retry-After, and the worker is not blamed', async () => {
    upstream.delayFirstByte(1_000);
    const g = await start({ workers: [{ url: upstream.url, models: ['fake-model'], max_connections: 2 }], resilience: { ...TOUCHY, queue: { max_waiting: 2, timeout_ms: 30_000 } } });
    const results = await Promise.all(Array.from({ length: 8 }, () => postJson(`${g.url}/v1/chat/completions`, chat())));
    const shed = results.filter((r) => r.status === 503);
    expect(results.filter((r) => r.status === 200)).to.have.length(4);
    expect(shed).to.have.length(4);
    for (const res of shed) {
      expect(res.headers.get('retry-after')).to.equal('1');
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('GW_ERR_ROUTING_OVERLOADED');
    }
    upstream.delayFirstByte(0);
    expect(await metrics(g)).to.contain('switchyard_worker_circuit_state{worker="worker-1",model="fake-model"} 0');
  });

  it('one model\'s failures do not take the worker\'s other models down', async () => {
    const g = await start({ workers: [{ url: upstream.url, models: ['m1', 'm2'] }] });
    upstream.failModel('m1', 500, 10);
    for (let i = 0; i < 3; i++) await postJson(`${g.url}/v1/chat/completions`, chat('m1'));
    const text = await metrics(g);
    expect(text).to.contain('switchyard_worker_circuit_state{worker="worker-1",model="m1"} 2');
    for (let i = 0; i < 3; i++) expect((await postJson(`${g.url}/v1/chat/completions`, chat('m2'))).status).to.equal(200);
    expect(await metrics(g)).to.contain('switchyard_worker_circuit_state{worker="worker-1",model="m2"} 0');
  });

  it('an upstream Retry-After is honoured: the worker is left alone that long, the client is told', async () => {
    gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      resilience: { retries: { max_attempts: 3, initial_backoff_ms: 1 } },
    });
    upstream.failNext(429, 5, { error: { message: 'slow down', type: 'rate_limit_error', code: null } }, { 'retry-after': '2' });
    const res = await postJson(`${gateway.url}/v1/chat/completions`, chat());
    expect(res.status).to.equal(429);
    expect(res.headers.get('retry-after')).to.equal('2');
    expect(upstream.chatBodies(), 'not retried within the pause').to.have.length(1);
  });

  it('with a second worker, a paused worker\'s requests go there', async () => {
    gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model'] }, { url: other.url, models: ['fake-model'] }],
      resilience: { retries: { max_attempts: 3, initial_backoff_ms: 1 } },
      routing: { policy: 'round_robin' },
    });
    upstream.failNext(429, 1, { error: { message: 'slow down', type: 'rate_limit_error', code: null } }, { 'retry-after': '30' });
    for (let i = 0; i < 4; i++) expect((await postJson(`${gateway.url}/v1/chat/completions`, chat())).status).to.equal(200);
    expect(upstream.chatBodies()).to.have.length(1);
    expect(other.chatBodies()).to.have.length(4);
  });
});

function postJsonAbortable(url: string, body: unknown, signal: AbortSignal): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
}
