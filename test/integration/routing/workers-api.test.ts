import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { readSseEvents } from '../../support/read-sse.js';
import { bearer } from '../../support/auth-fixture.js';

const ADMIN = 'sk-workers-admin-0001';
const LOOPBACK_ALLOWED = { security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } } };

async function call(g: TestGateway, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const res = await fetch(`${g.url}${path}`, {
    method,
    headers: { ...bearer(ADMIN), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* text body */
  }
  return { status: res.status, body: parsed, text };
}

function gateway(extra: Record<string, unknown> = {}, stateDir?: string): Promise<TestGateway> {
  return startGateway({ auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] }, ...extra }, stateDir === undefined ? {} : { stateDir });
}

describe('workers API', function () {
  this.timeout(15_000);
  let a: FakeUpstream;
  let b: FakeUpstream;
  before(async () => {
    [a, b] = await Promise.all([new FakeUpstream().start(), new FakeUpstream().start()]);
  });
  after(() => Promise.all([a.stop(), b.stop()]));
  beforeEach(() => [a, b].forEach((f) => f.reset()));

  it('create (probe, discover) / list / get / PUT / PATCH / DELETE round trips; the api_key is never shown', async () => {
    const g = await gateway(LOOPBACK_ALLOWED);
    try {
      a.models = ['discovered'];
      const created = await call(g, 'POST', '/workers', { url: a.url, runtime: 'sglang', api_key: 'sk-worker-secret-0001', priority: 3, labels: { zone: 'a' } });
      expect(created.status).to.equal(201);
      const id = created.body['id'] as string;
      expect(created.body).to.deep.include({ url: a.url, runtime: 'sglang', worker_type: 'regular', priority: 3, cost: 1, labels: { zone: 'a' }, models: [{ id: 'discovered' }], api_key: '<redacted>', source: 'api' });
      expect(a.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal(['GET /health', 'GET /v1/models']);
      expect((await postJson(`${g.url}/v1/chat/completions`, { model: 'discovered', messages: [{ role: 'user', content: 'x' }] })).status).to.equal(200);
      expect(a.chatBodies()).to.have.length(1);
      expect(a.requests.at(-1)?.headers['authorization']).to.equal('Bearer sk-worker-secret-0001');

      const listed = await call(g, 'GET', '/workers');
      expect(listed.body['total']).to.equal(1);
      expect(listed.text).to.not.contain('sk-worker-secret');
      expect((await call(g, 'GET', `/workers/${id}`)).text).to.not.contain('sk-worker-secret');

      const patched = await call(g, 'PATCH', `/workers/${id}`, { cost: 0.5 });
      expect(patched.body).to.deep.include({ cost: 0.5, priority: 3, labels: { zone: 'a' }, runtime: 'sglang', models: [{ id: 'discovered' }], api_key: '<redacted>' });

      const put = await call(g, 'PUT', `/workers/${id}`, { url: b.url, models: [{ id: 'replaced' }] });
      expect(put.status).to.equal(200);
      expect(put.body).to.deep.include({ id, url: b.url, priority: 0, models: [{ id: 'replaced' }] });
      expect(put.body).to.not.have.property('api_key');

      expect((await call(g, 'DELETE', `/workers/${id}`)).body).to.deep.include({ id, deleted: true });
      expect((await call(g, 'GET', `/workers/${id}`)).status).to.equal(404);
      expect((await postJson(`${g.url}/v1/chat/completions`, { model: 'replaced', messages: [{ role: 'user', content: 'x' }] })).status).to.equal(404);
    } finally {
      a.models = ['fake-model'];
      await g.close();
    }
  });

  it('PATCH draining drains and resumes any worker (config ones too); other fields stay config-only', async () => {
    const g = await gateway({ workers: [{ url: a.url, models: ['fake-model'] }] });
    try {
      const id = ((await call(g, 'GET', '/workers')).body['workers'] as { id: string }[])[0]?.id ?? '';
      const ask = (): Promise<Response> => postJson(`${g.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] });
      const drained = await call(g, 'PATCH', `/workers/${id}`, { draining: true });
      expect(drained.status).to.equal(200);
      expect(drained.body['status']).to.deep.include({ draining: true });
      expect(((await call(g, 'GET', `/workers/${id}`)).body['status'] as Record<string, unknown>)['draining']).to.equal(true);
      expect((await ask()).status, 'a drained worker takes no new requests').to.equal(503);
      expect(a.chatBodies()).to.have.length(0);
      expect((await call(g, 'PATCH', `/workers/${id}`, { draining: false, cost: 2 })).status, 'spec fields stay config-only').to.equal(409);
      expect((await call(g, 'PATCH', `/workers/${id}`, { draining: false })).body['status']).to.deep.include({ draining: false });
      expect((await ask()).status).to.equal(200);
    } finally {
      await g.close();
    }
  });

  it('refuses unknown fields and prototype-pollution keys, reporting every error', async () => {
    const g = await gateway(LOOPBACK_ALLOWED);
    try {
      const bad = await call(g, 'POST', '/workers', { url: 'ftp://x', worker_type: 'giant', bogus: 1 });
      expect(bad.status).to.equal(400);
      const message = (bad.body['error'] as { message: string }).message;
      for (const part of ['/url must match pattern', '/worker_type must be one of', '/bogus is not a known property']) expect(message).to.contain(part);
      for (const polluted of [`{"url":"${a.url}","__proto__":{"admin":true}}`, `{"url":"${a.url}","labels":{"constructor":"x"}}`, `{"url":"${a.url}","health":{"prototype":{}}}`]) {
        expect((await call(g, 'POST', '/workers', polluted)).status, polluted).to.equal(400);
      }
      const created = await call(g, 'POST', '/workers', { url: a.url, models: [{ id: 'm' }] });
      expect((await call(g, 'PATCH', `/workers/${created.body['id'] as string}`, { url: 'http://elsewhere' })).status, 'url is not patchable').to.equal(400);
      const grpc = await call(g, 'POST', '/workers', { url: `grpc://127.0.0.1:${new URL(a.url).port}`, models: [{ id: 'm' }] });
      expect(grpc.status).to.equal(422);
      expect((grpc.body['error'] as { message: string }).message).to.contain('gRPC transport');
      expect(a.requests.filter((r) => r.method === 'POST')).to.have.length(0);
    } finally {
      await g.close();
    }
  });

  it('SSRF: metadata, every loopback spelling, user@host tricks and a 302 to a private address are refused with no request sent', async () => {
    const g = await gateway();
    const port = new URL(a.url).port;
    try {
      const vectors = [
        `http://127.0.0.1:${port}`, `http://127.1:${port}`, `http://2130706433:${port}`, `http://0x7f000001:${port}`, `http://0177.0.0.1:${port}`,
        `http://[::ffff:127.0.0.1]:${port}`, `http://[::1]:${port}`, `http://localhost:${port}`, 'http://169.254.169.254/latest', 'http://[fd00:ec2::254]',
        'http://10.0.0.1:8000', `http://example.com@127.0.0.1:${port}`, `http://127.0.0.1:${port}@example.com`, `grpc://127.1:${port}`,
      ];
      for (const url of vectors) {
        const res = await call(g, 'POST', '/workers', { url, models: [{ id: 'm' }] });
        expect(res.status, url).to.equal(400);
      }
      const loopback = await call(g, 'POST', '/workers', { url: `http://127.0.0.1:${port}`, models: [{ id: 'm' }] });
      expect(JSON.stringify(loopback.body), 'the refusal names the setting that allows it').to.contain(`security.ssrf.allow_cidrs (for this address: \\"127.0.0.1/32\\")`);
      expect(a.requests, 'nothing reached the loopback worker').to.have.length(0);
    } finally {
      await g.close();
    }
    const lab = await gateway({ security: { ssrf: { allow_cidrs: ['127.0.0.0/8', '169.254.0.0/16'] } } });
    try {
      expect((await call(lab, 'POST', '/workers', { url: 'http://169.254.169.254', models: [{ id: 'm' }] })).status, 'metadata stays denied').to.equal(400);
      a.healthRedirect = 'http://169.254.169.254/latest/meta-data';
      const redirected = await call(lab, 'POST', '/workers', { url: a.url, models: [{ id: 'm' }], health: { path: '/health' } });
      expect(redirected.status, 'a redirect is not followed; the probe fails').to.equal(422);
      expect(a.requests.map((r) => r.path)).to.deep.equal(['/health']);
    } finally {
      await lab.close();
    }
  });

  it('DELETE lets an in-flight stream finish while new requests stop going to the worker', async () => {
    const g = await gateway(LOOPBACK_ALLOWED);
    try {
      const created = await call(g, 'POST', '/workers', { url: a.url, models: [{ id: 'm' }] });
      a.delayBetweenChunks(80);
      const streaming = await postJson(`${g.url}/v1/chat/completions`, { model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] });
      const loads = await call(g, 'GET', '/get_loads');
      expect((loads.body['workers'] as { in_flight: number }[])[0]?.in_flight).to.equal(1);
      const deleted = await call(g, 'DELETE', `/workers/${created.body['id'] as string}`);
      expect(deleted.body['in_flight']).to.equal(1);
      const events = await readSseEvents(streaming);
      expect(events.at(-1)).to.equal('[DONE]');
      expect(events).to.have.length(7);
      expect((await postJson(`${g.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] })).status).to.equal(404);
    } finally {
      await g.close();
    }
  });

  it('registered workers survive a restart', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sy-workers-'));
    const first = await gateway(LOOPBACK_ALLOWED, stateDir);
    const created = await call(first, 'POST', '/workers', { url: a.url, models: [{ id: 'kept' }], api_key: 'sk-kept-0001' });
    await first.close();
    const second = await gateway(LOOPBACK_ALLOWED, stateDir);
    try {
      expect((await call(second, 'GET', `/workers/${created.body['id'] as string}`)).body).to.deep.include({ url: a.url, models: [{ id: 'kept' }] });
      expect((await postJson(`${second.url}/v1/chat/completions`, { model: 'kept', messages: [{ role: 'user', content: 'x' }] })).status).to.equal(200);
      expect(a.requests.at(-1)?.headers['authorization']).to.equal('Bearer sk-kept-0001');
    } finally {
      await second.close();
    }
  });

  it('fleet routes: loads, flush_cache to runtimes that have one, engine metrics, model and server info, health_generate', async () => {
    const g = await gateway({
      workers: [
        { url: a.url, runtime: 'sglang', models: ['m'] },
        { url: b.url, runtime: 'openai', models: ['m'], api_key: 'sk-hosted-0001' },
      ],
    });
    try {
      const flushed = await call(g, 'POST', '/flush_cache');
      expect((flushed.body['results'] as { id: string; status: string }[]).map((r) => [r.id, r.status])).to.deep.equal([['worker-1', 'flushed'], ['worker-2', 'unsupported']]);
      expect(a.requests.map((r) => `${r.method} ${r.path}`)).to.include('POST /flush_cache');
      expect(b.requests.filter((r) => r.path === '/flush_cache')).to.have.length(0);
      const metrics = await call(g, 'GET', '/engine_metrics');
      expect(metrics.text).to.contain(`# worker worker-1\n# TYPE fake_requests counter\nfake_requests 42`);
      expect(metrics.text, "public: no worker address").to.not.contain(a.url);
      const info = await (await fetch(`${g.url}/get_server_info`)).json();
      expect(info).to.deep.include({ name: 'switchyard', workers: 2, healthy_workers: 2, models: 1, policy: 'round_robin' });
      expect(JSON.stringify(info)).to.not.contain('127.0.0.1');
      expect(((await (await fetch(`${g.url}/get_model_info`)).json()) as { model_path: string }).model_path).to.equal('m');
      const generated = await fetch(`${g.url}/health_generate`);
      expect(generated.status).to.equal(200);
      expect(a.chatBodies().concat(b.chatBodies())[0]).to.deep.include({ max_tokens: 1 });
    } finally {
      await g.close();
    }
  });
});
