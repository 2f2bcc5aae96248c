import { expect } from 'chai';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, type TestGateway } from '../support/start-gateway.js';
import { waitFor } from '../support/wait-for.js';
import { bearer } from '../support/auth-fixture.js';

const SECRET = 'sk-request-log-canary-0001';

/** The request log lines (msg "request") the gateway wrote so far. */
function requestLines(gateway: TestGateway): Record<string, unknown>[] {
  return gateway.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'request');
}

describe('the request log', function () {
  this.timeout(30_000);
  let a: FakeUpstream;
  let b: FakeUpstream;
  let gateway: TestGateway;

  before(async () => {
    a = await new FakeUpstream().start();
    b = await new FakeUpstream().start();
    gateway = await gatewayFor([a.url, b.url], { auth: { api_keys: [{ id: 'team-a', key: SECRET }] } });
  });
  after(async () => {
    await gateway.close();
    await a.stop();
    await b.stop();
  });

  it('one info line per request: id, route, principal, models, worker, status, latency, TTFT, tokens, retries; never a secret', async () => {
    a.failNext(503);
    b.failNext(503);
    const chat = (stream: boolean) =>
      fetch(`${gateway.url}/v1/chat/completions?api_key=${SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': `log-${String(stream)}`, ...bearer(SECRET) },
        body: JSON.stringify({ model: 'fake-model', stream, messages: [{ role: 'user', content: 'hi' }] }),
      });
    const json = await chat(false);
    expect(json.status).to.equal(200);
    await json.text();
    const streamed = await chat(true);
    await streamed.text();
    await (await fetch(`${gateway.url}/healthz`)).text();
    await waitFor('both request lines', () => requestLines(gateway).filter((l) => l['route'] === '/v1/chat/completions').length === 2);

    const [first, second] = requestLines(gateway).filter((l) => l['route'] === '/v1/chat/completions');
    expect(first).to.deep.include({ level: 30, request_id: 'log-false', method: 'POST', principal: 'team-a', model: 'fake-model', served_model: 'fake-model', status: 200, retries: 2 }); // each worker failed once
    expect(first?.['worker']).to.be.a('string').and.to.not.contain('127.0.0.1');
    expect(first?.['latency_ms']).to.be.a('number');
    expect(first?.['prompt_tokens']).to.be.a('number');
    expect(first?.['completion_tokens']).to.be.a('number');
    expect(second).to.deep.include({ request_id: 'log-true', status: 200, retries: 0 });
    expect(second?.['ttft_ms'], 'a stream has a time to first token').to.be.a('number');
    const probe = requestLines(gateway).find((l) => l['route'] === '/healthz');
    expect(probe?.['level'], 'probes at debug, so info is the traffic').to.equal(20);
    expect(gateway.logLines.join('\n')).to.not.contain(SECRET);
  });
});
