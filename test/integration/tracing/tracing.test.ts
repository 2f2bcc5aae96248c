import { expect } from 'chai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { OtlpReceiver, type ReceivedSpan } from '../../support/otlp-receiver.js';
import { gatewayFor, postJson, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';
import { bearer } from '../../support/auth-fixture.js';

const KEY = 'sk-tracing-secret-0001';
const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const PROMPT = 'a prompt that must never reach a span';

// OTLP span kinds.
const INTERNAL = 1;
const SERVER = 2;
const CLIENT = 3;

function traceparentOf(upstream: FakeUpstream, index: number): string {
  const header = upstream.requests[index]?.headers['traceparent'];
  expect(header, 'the worker got a traceparent').to.be.a('string');
  return String(header);
}

describe('tracing: OpenTelemetry spans over OTLP/HTTP', function () {
  this.timeout(30_000);
  let receiver: OtlpReceiver;
  let healthy: FakeUpstream;
  let failing: FakeUpstream;
  let gateway: TestGateway;

  const chat = (headers: Record<string, string>, stream = false) =>
    postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream, messages: [{ role: 'user', content: PROMPT }] }, { ...bearer(KEY), ...headers });
  /** Every span of one trace, once its server span (the last to end) arrived. */
  const traceOf = async (traceId: string): Promise<ReceivedSpan[]> => {
    await waitFor('the server span is exported', () => receiver.spans.some((s) => s.traceId === traceId && s.kind === SERVER), 15_000);
    return receiver.spans.filter((s) => s.traceId === traceId);
  };

  before(async () => {
    receiver = await new OtlpReceiver().start();
    healthy = await new FakeUpstream().start();
    failing = await new FakeUpstream().start();
    gateway = await gatewayFor([healthy.url], {
      auth: { api_keys: [{ id: 'tracer-key', key: KEY }] },
      tracing: { enabled: true, otlp_endpoint: `${receiver.url}/v1/traces`, service_name: 'switchyard-test', export_delay_ms: 20, headers: { authorization: 'Bearer collector-secret-42' } },
    });
  });
  after(async () => {
    await gateway.close();
    await receiver.stop();
    await healthy.stop();
    await failing.stop();
  });

  it('continues the caller trace: request → stages → upstream attempt, and the worker sees the same trace', async () => {
    healthy.reset();
    const res = await chat({ traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    expect(res.status).to.equal(200);
    await res.text();
    const spans = await traceOf(CALLER_TRACE);

    const server = spans.find((s) => s.kind === SERVER)!;
    expect(server.parentSpanId).to.equal(CALLER_SPAN);
    expect(server.name).to.equal('POST /v1/chat/completions');
    expect(server.serviceName).to.equal('switchyard-test');
    expect(server.attributes).to.include({ 'http.route': '/v1/chat/completions', 'http.response.status_code': 200, 'gen_ai.request.model': 'fake-model', 'gen_ai.response.model': 'fake-model' });

    const stages = spans.filter((s) => s.kind === INTERNAL);
    expect(stages.map((s) => s.name)).to.include('stage upstream');
    for (const stage of stages) expect(stage.parentSpanId, stage.name).to.equal(server.spanId);

    const upstreamStage = stages.find((s) => s.name === 'stage upstream')!;
    const attempts = spans.filter((s) => s.kind === CLIENT);
    expect(attempts).to.have.length(1);
    expect(attempts[0]!.parentSpanId).to.equal(upstreamStage.spanId);
    expect(attempts[0]!.attributes).to.include({ 'switchyard.attempt': 1, 'gen_ai.request.model': 'fake-model', 'http.response.status_code': 200 });

    // The worker continues the attempt's span: same trace, the attempt as its parent.
    expect(traceparentOf(healthy, 0)).to.equal(`00-${CALLER_TRACE}-${attempts[0]!.spanId}-01`);

    const exported = JSON.stringify(spans);
    expect(exported).not.to.include(PROMPT);
    expect(exported).not.to.include(KEY);
    expect(receiver.requestHeaders[0]?.['authorization']).to.equal('Bearer collector-secret-42');
    expect(gateway.logLines.join('')).not.to.include('collector-secret-42');
  });

  it('starts a new trace without a caller traceparent (and ignores a malformed one), streams included', async () => {
    healthy.reset();
    const res = await chat({ traceparent: '00-not-a-trace-01' }, true);
    expect(res.status).to.equal(200);
    await res.text();
    const sent = traceparentOf(healthy, 0);
    const traceId = sent.split('-')[1]!;
    expect(traceId).to.match(/^[0-9a-f]{32}$/);
    const spans = await traceOf(traceId);
    const server = spans.find((s) => s.kind === SERVER)!;
    expect(server.parentSpanId).to.equal('');
    expect(spans.find((s) => s.kind === CLIENT)!.spanId).to.equal(sent.split('-')[2]);
  });

  it('gives each upstream attempt its own span and traceparent when a worker fails and the request is retried', async () => {
    const retrying = await gatewayFor([failing.url, healthy.url], {
      routing: { policy: 'round_robin' },
      tracing: { enabled: true, otlp_endpoint: `${receiver.url}/v1/traces`, export_delay_ms: 20 },
    });
    try {
      healthy.reset();
      failing.reset();
      failing.failNext(503, 10);
      // Round robin: one of two requests goes to the failing worker first, then is retried.
      for (let i = 0; i < 2; i++) {
        const res = await postJson(`${retrying.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] });
        expect(res.status).to.equal(200);
        await res.text();
      }
      expect(failing.requests).to.have.length.at.least(1);
      const failedParent = String(failing.requests[0]!.headers['traceparent']);
      const traceId = failedParent.split('-')[1]!;
      const spans = await traceOf(traceId);
      const attempts = spans.filter((s) => s.kind === CLIENT).sort((a, b) => Number(a.attributes['switchyard.attempt']) - Number(b.attributes['switchyard.attempt']));
      expect(attempts.map((a) => a.attributes['switchyard.attempt'])).to.deep.equal([1, 2]);
      expect(attempts[0]!.spanId).to.equal(failedParent.split('-')[2]);
      expect(attempts[0]!.attributes['http.response.status_code']).to.equal(503);
      expect(attempts[0]!.statusCode).to.equal(2);
      expect(healthy.requests.map((r) => String(r.headers['traceparent']))).to.include(`00-${traceId}-${attempts[1]!.spanId}-01`);
    } finally {
      await retrying.close();
    }
  });

  it('sends no traceparent and exports nothing when tracing is off (the default)', async () => {
    const plain = await gatewayFor([healthy.url]);
    try {
      healthy.reset();
      const before = receiver.spans.length;
      const res = await postJson(`${plain.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
      expect(res.status).to.equal(200);
      await res.text();
      expect(healthy.requests[0]!.headers['traceparent']).to.equal(undefined);
      expect(receiver.spans.length).to.equal(before);
    } finally {
      await plain.close();
    }
  });
});
