import { expect } from 'chai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { readSseEvents } from '../../support/read-sse.js';
import { startUnacceptingListener } from '../../support/unaccepting-listener.js';

const SETTING = 500;
const chat = (stream = false) => ({ model: 'fake-model', stream, messages: [{ role: 'user', content: 'x' }] });

/**
 * Never early, and not stuck: a timeout may fire late by however much a busy machine delays timers
 * and the client's reading of the answer, so the upper margin is generous. What the message says
 * (the setting it enforced) is exact.
 */
function expectFiredAt(elapsed: number, setting: number): void {
  expect(elapsed, `fired after ${elapsed} ms`).to.be.within(setting * 0.95, setting + 2_000);
}

describe('timeouts fire at their setting (never early), with the right error', function () {
  this.timeout(20_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway | undefined;
  before(async () => {
    upstream = await new FakeUpstream().start();
  });
  after(() => upstream.stop());
  afterEach(async () => {
    upstream.reset();
    await gateway?.close();
    gateway = undefined;
  });

  const start = async (workerUrl: string, upstreamStage: Record<string, unknown>): Promise<TestGateway> => {
    gateway = await startGateway({
      workers: [{ url: workerUrl, models: ['fake-model'] }],
      resilience: { retries: { max_attempts: 1 } },
      stages: { upstream: upstreamStage },
    });
    return gateway;
  };

  it('connect: 504 in the OpenAI shape', async () => {
    const listener = await startUnacceptingListener();
    try {
      const g = await start(listener.url, { connect_timeout_ms: SETTING });
      const began = Date.now();
      const res = await postJson(`${g.url}/v1/chat/completions`, chat());
      expectFiredAt(Date.now() - began, SETTING);
      expect(res.status).to.equal(504);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).to.deep.include({
        code: 'GW_ERR_UPSTREAM_TIMEOUT',
        message: `Could not connect to the upstream worker within ${SETTING} ms.`,
      });
    } finally {
      listener.stop();
    }
  });

  it('time to first byte: 504', async () => {
    upstream.delayFirstByte(SETTING * 3);
    const g = await start(upstream.url, { headers_timeout_ms: SETTING });
    const began = Date.now();
    const res = await postJson(`${g.url}/v1/chat/completions`, chat());
    expectFiredAt(Date.now() - began, SETTING);
    expect(res.status).to.equal(504);
  });

  it('idle between chunks: an in-band SSE error after the first byte', async () => {
    upstream.delayBetweenChunks(SETTING * 3);
    const g = await start(upstream.url, { idle_timeout_ms: SETTING });
    const res = await postJson(`${g.url}/v1/chat/completions`, chat(true));
    const began = Date.now();
    const events = await readSseEvents(res);
    expectFiredAt(Date.now() - began, SETTING);
    expect(res.status).to.equal(200);
    const error = JSON.parse(events.at(-1)!) as { error: { message: string } };
    expect(error.error.message).to.contain(`no data from the upstream for ${SETTING} ms`);
  });

  it('total, before the first byte: 504', async () => {
    upstream.delayFirstByte(SETTING * 3);
    const g = await start(upstream.url, { total_timeout_ms: SETTING });
    const began = Date.now();
    const res = await postJson(`${g.url}/v1/chat/completions`, chat());
    expectFiredAt(Date.now() - began, SETTING);
    expect(res.status).to.equal(504);
  });

  it('total, mid-stream: an in-band SSE error', async () => {
    upstream.delayBetweenChunks(SETTING / 4);
    const g = await start(upstream.url, { total_timeout_ms: SETTING });
    const began = Date.now();
    const events = await readSseEvents(await postJson(`${g.url}/v1/chat/completions`, chat(true)));
    expectFiredAt(Date.now() - began, SETTING);
    expect(events).to.not.include('[DONE]');
    expect((JSON.parse(events.at(-1)!) as { error: { message: string } }).error.message).to.contain(`passed its ${SETTING} ms limit`);
  });
});
