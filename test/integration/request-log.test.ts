import { expect } from 'chai';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, postJson, type TestGateway } from '../support/start-gateway.js';
import { requestsSettled } from '../support/wait-for.js';
import { bearer } from '../support/auth-fixture.js';

const KEY = 'sk-request-log-secret-0001';
const MODELS = { 'fake-model': { pricing: { currency: 'USD', prompt_per_million: 1_000_000, completion_per_million: 2_000_000 } } };

type LogLine = Record<string, unknown>;

/** The request log lines (channel "request") the gateway wrote for data-plane requests. */
function requestLines(gateway: TestGateway): LogLine[] {
  return gateway.logLines
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line['channel'] === 'request' && line['route'] === '/v1/chat/completions');
}

describe('the request log: one line per request', () => {
  let healthy: FakeUpstream;
  let failing: FakeUpstream;
  let gateway: TestGateway;
  const chat = (stream: boolean) =>
    postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream, messages: [{ role: 'user', content: 'hi' }] }, { ...bearer(KEY), 'x-request-id': `log-${stream}` });

  before(async () => {
    healthy = await new FakeUpstream().start();
    failing = await new FakeUpstream().start();
    gateway = await gatewayFor([failing.url, healthy.url], { models: MODELS, auth: { api_keys: [{ id: 'logger-key', key: KEY }] } });
  });
  after(async () => {
    await gateway.close();
    await healthy.stop();
    await failing.stop();
  });

  it('names the request, caller, models, worker, status, latency, tokens, cost and retries — and no secret', async () => {
    failing.failNext(503, 10);
    // Round robin: at least one of two requests first goes to the failing worker, then is retried.
    for (const stream of [false, true]) {
      const res = await chat(stream);
      expect(res.status).to.equal(200);
      await res.text();
    }
    await requestsSettled(gateway.app);
    const lines = requestLines(gateway);
    expect(lines).to.have.length(2);
    for (const line of lines) {
      expect(line).to.include({ msg: 'request', method: 'POST', principal: 'api_key:logger-key', model: 'fake-model', served_model: 'fake-model', status: 200 });
      expect(line).to.include({ prompt_tokens: 7, completion_tokens: 6, cached_tokens: 0, cost: 7 + 12, currency: 'USD', stream_error: null });
      expect(line['worker']).to.be.a('string').and.not.include('127.0.0.1');
      expect(line['latency_ms']).to.be.a('number').at.least(0);
      expect((line['stages'] as string[]).at(-1)).to.equal('upstream');
    }
    expect(lines.map((l) => l['request_id']).sort()).to.deep.equal(['log-false', 'log-true']);
    expect(lines.reduce((sum, l) => sum + Number(l['retries']), 0)).to.equal(failing.requests.length).and.be.at.least(1);
    expect(lines.find((l) => l['request_id'] === 'log-true')?.['ttft_ms']).to.be.a('number');
    expect(lines.find((l) => l['request_id'] === 'log-false')?.['ttft_ms']).to.equal(null);
    expect(new Set(lines.map((l) => l['worker'])).size).to.equal(1);
    expect(gateway.logLines.join('')).not.to.include(KEY);
  });

  it('logs refused and unrouted requests too (no model served, no worker)', async () => {
    const before = gateway.logLines.length;
    const refused = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [] }, bearer('sk-wrong-key-0001'));
    expect(refused.status).to.equal(401);
    await refused.text();
    const missing = await fetch(`${gateway.url}/no/such/route`);
    await missing.text();
    await (await fetch(`${gateway.url}/healthz`)).text();
    await requestsSettled(gateway.app);
    const fresh = gateway.logLines.slice(before).map((l) => JSON.parse(l) as LogLine).filter((l) => l['channel'] === 'request');
    expect(fresh.map((l) => [l['route'], l['status'], l['principal'], l['worker'], l['stages']])).to.deep.include.members([
      ['/v1/chat/completions', 401, null, null, null],
      ['unmatched', 404, null, null, null],
    ]);
    // A probe is logged too, but at debug (30 is pino's info, 20 its debug).
    expect(fresh.filter((l) => l['route'] === '/healthz').map((l) => l['level'])).to.deep.equal([20]);
    expect(gateway.logLines.join('')).not.to.include('sk-wrong-key-0001');
  });
});
