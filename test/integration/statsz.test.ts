import { expect } from 'chai';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, postJson, type TestGateway } from '../support/start-gateway.js';
import { requestsSettled } from '../support/wait-for.js';

const MODELS = { 'fake-model': { pricing: { currency: 'USD', prompt_per_million: 1_000_000, completion_per_million: 2_000_000, cached_prompt_per_million: 0 } } };

interface StatszBody {
  since: string;
  circuit_breakers: { worker: string; state: string; models: Record<string, string> }[];
  models: Record<string, { requests: number; errors: number; tokens: Record<string, number>; cost: Record<string, number>; estimated: { responses: number; cost: Record<string, number> }; latency_ms: { mean: number; max: number } }>;
}

describe('GET /statsz', () => {
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  const chat = (stream: boolean) => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream, messages: [{ role: 'user', content: 'hi' }] });

  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await gatewayFor([upstream.url], { models: MODELS });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('is public and reports per model requests, errors, tokens, cost and latency (streams included)', async () => {
    const empty = await fetch(`${gateway.url}/statsz`);
    expect(empty.status).to.equal(200);
    expect(((await empty.json()) as StatszBody).models).to.deep.equal({});

    upstream.cachedPromptTokens = 2;
    for (const stream of [false, true]) await (await chat(stream)).text();
    upstream.failNext(400, 1, { error: { message: 'bad', type: 'invalid_request_error', code: null } });
    const failed = await chat(false);
    expect(failed.status).to.equal(400);
    await failed.text();
    await requestsSettled(gateway.app);

    const body = (await (await fetch(`${gateway.url}/statsz`)).json()) as StatszBody;
    expect(Date.parse(body.since)).to.be.a('number').and.not.NaN;
    const row = body.models['fake-model'];
    expect(row).to.include({ requests: 3, errors: 1 });
    expect(row?.tokens).to.deep.equal({ prompt: 14, completion: 12, cached_prompt: 4 });
    // Per answer: 5 uncached prompt tokens at 1 + 2 cached at 0 + 6 completion at 2 = 17.
    expect(row?.cost['USD']).to.be.closeTo(2 * 17, 1e-9);
    // Both answers reported their usage: nothing of it is an estimate.
    expect(row?.estimated).to.deep.equal({ responses: 0, cost: {} });
    expect(row?.latency_ms.mean).to.be.a('number').at.least(0);
    expect(row?.latency_ms.max).to.be.at.least(row?.latency_ms.mean ?? 0);
    // The upstream plugin's section: each worker's breakers by id, never its address.
    expect(body.circuit_breakers).to.have.length(1);
    expect(body.circuit_breakers[0]).to.deep.include({ state: 'closed', models: { 'fake-model': 'closed' } });
    expect(JSON.stringify(body)).not.to.include('127.0.0.1');
  });
});
