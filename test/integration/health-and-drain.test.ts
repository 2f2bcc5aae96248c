import { expect } from 'chai';
import { PACKAGE_VERSION } from '../../core/package-root.js';
import { spawnSync } from 'node:child_process';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, postJson, startGateway } from '../support/start-gateway.js';
import { readSseEvents } from '../support/read-sse.js';
import { requestsSettled } from '../support/wait-for.js';

describe('health, readiness, metrics and graceful drain', () => {
  let upstream: FakeUpstream;
  before(async () => {
    upstream = await new FakeUpstream().start();
  });
  after(() => upstream.stop());
  beforeEach(() => upstream.reset());

  it('answers every liveness and readiness spelling', async () => {
    const gateway = await gatewayFor([upstream.url]);
    try {
      for (const path of ['/liveness', '/health/liveliness']) {
        const res = await fetch(`${gateway.url}${path}`);
        expect(res.status, path).to.equal(200);
        expect(await res.json()).to.deep.equal({ status: 'ok' });
      }
      const healthz = await fetch(`${gateway.url}/healthz`);
      expect(healthz.headers.get('content-type')).to.match(/^text\/plain/);
      expect(await healthz.text(), 'plain OK, as seed 002 shows').to.equal('OK');
      const health = (await (await fetch(`${gateway.url}/health`)).json()) as Record<string, unknown>;
      expect(health).to.deep.include({ status: 'ok', version: PACKAGE_VERSION });
      expect(health['uptime_seconds']).to.be.a('number').and.to.be.at.least(0);
      for (const path of ['/readiness', '/health/readiness']) {
        expect(await (await fetch(`${gateway.url}${path}`)).json()).to.deep.equal({ status: 'ready' });
      }
    } finally {
      await gateway.close();
    }
  });

  it('is not ready while no worker serves any model', async () => {
    const gateway = await startGateway({ workers: [{ url: 'http://127.0.0.1:1' }] });
    try {
      const res = await fetch(`${gateway.url}/readiness`);
      expect(res.status).to.equal(503);
      expect(await res.json()).to.deep.equal({ status: 'no_models' });
    } finally {
      await gateway.close();
    }
  });

  it('exposes bounded metric labels: unknown paths and models are folded', async () => {
    const gateway = await gatewayFor([upstream.url]);
    try {
      await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] });
      await postJson(`${gateway.url}/v1/chat/completions`, { model: 'random-model-4711', messages: [{ role: 'user', content: 'x' }] });
      await fetch(`${gateway.url}/random/path/4711`);
      const res = await fetch(`${gateway.url}/metrics`);
      expect(res.headers.get('content-type')).to.match(/^text\/plain/);
      const text = await res.text();
      expect(text).to.contain('switchyard_requests_total{route="/v1/chat/completions",status="200",model="fake-model"} 1');
      expect(text).to.contain('switchyard_requests_total{route="/v1/chat/completions",status="404",model="other"} 1');
      expect(text).to.contain('switchyard_requests_total{route="unmatched",status="404",model="none"} 1');
      expect(text).to.contain('switchyard_tokens_total{direction="output",model="fake-model"} 6');
      expect(text).to.match(/switchyard_request_duration_seconds_bucket\{le="0.005",route="\/v1\/chat\/completions"\}/);
      expect(text).to.contain('switchyard_requests_in_flight{route="/metrics"} 1');
      expect(text).to.contain('switchyard_requests_in_flight{route="/v1/chat/completions"} 0');
      // Names and labels only: a sample's value (a duration sum, a heap size) may spell 4711 by chance.
      const series = text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.slice(0, line.lastIndexOf(' ')));
      expect(series.filter((s) => s.includes('4711'))).to.deep.equal([]);
      expect(text.split('\n').filter((line) => line.startsWith('#') && line.includes('4711'))).to.deep.equal([]);
    } finally {
      await gateway.close();
    }
  });

  it('on drain: readiness turns 503, an in-flight stream finishes whole, then the server closes', async () => {
    upstream.delayBetweenChunks(60);
    const gateway = await gatewayFor([upstream.url]);
    const inFlight = postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'x' }] });
    const res = await inFlight;
    // Readiness is asked on a connection opened before the drain started.
    const readinessDuringDrain = fetch(`${gateway.url}/readiness`, { headers: { connection: 'keep-alive' } }).then(
      (r) => r.status,
      () => 'refused',
    );
    const drained = gateway.server.drain(5000);
    expect(gateway.app.draining).to.equal(true);
    const events = await readSseEvents(res);
    expect(events.at(-1)).to.equal('[DONE]');
    expect(events).to.have.length(7);
    const readiness = await readinessDuringDrain;
    expect([503, 'refused']).to.include(readiness);
    expect(await drained).to.deep.equal({ forced: false });
    const after = await fetch(`${gateway.url}/health`).then(() => 'answered', () => 'refused');
    expect(after).to.equal('refused');
  });

  it('readiness reports draining while the app drains', async () => {
    const gateway = await gatewayFor([upstream.url]);
    try {
      gateway.app.startDraining();
      const res = await fetch(`${gateway.url}/health/readiness`);
      expect(res.status).to.equal(503);
      expect(await res.json()).to.deep.equal({ status: 'draining' });
      expect(res.headers.get('connection')).to.equal('close');
    } finally {
      await gateway.close();
    }
  });

  it('at the drain deadline, a stream still running ends with an in-band error event, not a cut', async () => {
    const release = upstream.holdStreamsAfter(2);
    const gateway = await gatewayFor([upstream.url]);
    try {
      const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'x' }] });
      const drained = gateway.server.drain(300);
      const events = await readSseEvents(res);
      expect(events.slice(0, 2).map((e) => (JSON.parse(e) as { choices: { delta: { content: string } }[] }).choices[0]!.delta.content)).to.deep.equal(['Hello', ' from']);
      expect(events).to.not.include('[DONE]');
      expect(JSON.parse(events.at(-1)!)).to.have.nested.property('error.code', 'GW_ERR_GATEWAY_DRAINING');
      expect(await drained).to.deep.equal({ forced: true });
      expect(await (await fetch(`${gateway.url}/metrics`).catch(() => undefined))?.text()).to.equal(undefined);
    } finally {
      release();
      await gateway.close();
    }
  });

  it('/metrics passes promtool check metrics (Debian prometheus)', async function () {
    // Priced, so llm_model_cost_total has samples to check too.
    const gateway = await gatewayFor([upstream.url], { models: { 'fake-model': { pricing: { prompt_per_million: 1, completion_per_million: 2 } } } });
    try {
      await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] });
      await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'x' }] }).then((r) => r.text());
      // A stream without usage, so the estimated-cost counters have samples to check too.
      upstream.ignoreStreamUsage = true;
      await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'x' }] }).then((r) => r.text());
      await requestsSettled(gateway.app);
      const text = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(text).to.match(/^llm_model_cost_total\{model="fake-model",currency="USD"\} /m);
      expect(text).to.match(/^llm_model_estimated_cost_total\{model="fake-model",currency="USD"\} /m);
      expect(text).to.match(/^switchyard_estimated_usage_total\{model="fake-model"\} 1$/m);
      const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      if (result.error !== undefined) throw new Error(`promtool is needed for this test (Debian: apt-get install prometheus): ${result.error.message}`);
      expect(`${result.stdout}${result.stderr}`.trim(), 'promtool findings').to.equal('');
      expect(result.status).to.equal(0);
    } finally {
      upstream.ignoreStreamUsage = false;
      await gateway.close();
    }
  });
});
