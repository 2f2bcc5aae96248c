import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer } from '../../support/auth-fixture.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../../support/start-gateway.js';

const ADMIN = 'sk-ha-views-admin-0001';
const USER = 'sk-ha-views-user-0001';
const admin = { ...bearer(ADMIN), 'content-type': 'application/json' };

interface ErrorBody {
  error: { code: string; type: string; message: string };
}

describe('ha: /ha/workers, /ha/policies, /ha/rate-limit and maintenance on one process', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  let upstream: FakeUpstream;
  let stateDir: string;

  before(async () => {
    upstream = await new FakeUpstream().start();
    stateDir = mkdtempSync(join(tmpdir(), 'sy-ha-views-'));
    gateway = await startGateway(
      {
        auth: { api_keys: [{ id: 'user', key: USER }], control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
        workers: [{ url: upstream.url, models: ['fake-model'] }],
        pipeline: ['rate-limit', 'upstream'],
        stages: { 'rate-limit': { window_ms: 3_600_000 } },
        ha: { replica_id: 'solo' },
      },
      { stateDir },
    );
  });

  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${gateway.url}${path}`, { headers: bearer(ADMIN) });
    return { status: res.status, body: (await res.json()) as T };
  };
  const post = (path: string, body: unknown): Promise<Response> => fetch(`${gateway.url}${path}`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
  const chat = (): Promise<Response> =>
    fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { ...bearer(USER), 'content-type': 'application/json' }, body: JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }) });

  it('GET /ha/workers shows each worker as this replica sees it; an unknown id is a 404 in the OpenAI shape', async () => {
    const { body } = await get<{ replicas: string[]; workers: { id: string; replicas: Record<string, Record<string, unknown>> }[] }>('/ha/workers');
    expect(body.replicas).to.deep.equal(['solo']);
    expect(body.workers).to.have.length(1);
    const worker = body.workers[0]!;
    expect(worker.replicas['solo']).to.deep.include({ healthy: true, draining: false, circuit: 'closed', in_flight: 0, models: ['fake-model'] });
    expect(JSON.stringify(body), 'ids and states only: never a worker URL').to.not.contain(upstream.url);
    const one = await get<{ id: string }>(`/ha/workers/${encodeURIComponent(worker.id)}`);
    expect(one.status).to.equal(200);
    expect(one.body.id).to.equal(worker.id);
    const unknown = await get<ErrorBody>('/ha/workers/nobody');
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.code).to.equal('GW_ERR_ADMIN_NOT_FOUND');
    expect(unknown.body.error.message).to.contain('GET /ha/workers');
  });

  it('GET /ha/policies shows each model\'s routing policy and its workers', async () => {
    const { body } = await get<{ policies: { model: string; policies: string[]; replicas: Record<string, { policy: string; workers: string[]; available_workers: string[] }> }[] }>('/ha/policies');
    const policy = body.policies.find((p) => p.model === 'fake-model');
    expect(policy?.policies).to.have.length(1);
    expect(policy?.replicas['solo']?.workers).to.have.length(1);
    expect(policy?.replicas['solo']?.available_workers).to.have.length(1);
    expect((await get<unknown>('/ha/policies/fake-model')).status).to.equal(200);
    const unknown = await get<ErrorBody>('/ha/policies/no-such-model');
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.message).to.contain('GET /ha/policies');
  });

  it('POST /ha/rate-limit reports every error of a bad body at once', async () => {
    const res = await post('/ha/rate-limit', { multiplier: -1, overrides: { 'nobody here': { rpm: 0 } }, extra: true });
    expect(res.status).to.equal(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).to.equal('GW_ERR_ADMIN_INVALID_BODY');
    expect(error.message).to.contain('multiplier').and.to.contain('extra').and.to.contain('overrides');
  });

  it('an override set through POST /ha/rate-limit is enforced, counted and refused in /ha/rate-limit/stats', async () => {
    const set = await post('/ha/rate-limit', { overrides: { 'api_key:user': { rpm: 2 } } });
    expect(set.status, await set.clone().text()).to.equal(200);
    const read = await get<{ shared: boolean; settings: { multiplier: number; overrides: unknown } }>('/ha/rate-limit');
    expect(read.body).to.deep.equal({ shared: false, settings: { multiplier: 1, overrides: { 'api_key:user': { rpm: 2 } } } });
    expect((await chat()).status).to.equal(200);
    expect((await chat()).status).to.equal(200);
    const refused = await chat();
    expect(refused.status).to.equal(429);
    const stats = await get<{ backend: string; limits: { limit: string; scope: string; used: number; refused: number }[] }>('/ha/rate-limit/stats');
    expect(stats.body.backend).to.equal('memory');
    const rpm = stats.body.limits.find((l) => l.limit === 'rpm' && l.scope === 'api_key:user');
    expect(rpm).to.deep.include({ used: 2, refused: 1 });
    // Kept in the state directory: replicated like a registry when the ha backend is on.
    expect(JSON.parse(readFileSync(join(stateDir, 'rate-limit-settings.json'), 'utf8'))).to.deep.include({ overrides: { 'api_key:user': { rpm: 2 } } });
    // A multiplier scales it: 2 × 2 = 4 requests this window, two of them left.
    expect((await post('/ha/rate-limit', { multiplier: 2, overrides: { 'api_key:user': { rpm: 2 } } })).status).to.equal(200);
    expect((await chat()).status).to.equal(200);
    expect((await chat()).status).to.equal(200);
    expect((await chat()).status).to.equal(429);
    expect((await post('/ha/rate-limit', {})).status, 'an empty document clears it').to.equal(200);
    expect((await chat()).status).to.equal(200);
  });

  it('maintenance: data plane 503 in the OpenAI shape, readiness 503, control plane up; ended by an operator', async () => {
    expect((await post('/ha/config', { key: 'maintenance', value: true })).status).to.equal(200);
    const refused = await chat();
    expect(refused.status).to.equal(503);
    const { error } = (await refused.json()) as ErrorBody;
    expect(error.code).to.equal('GW_ERR_GATEWAY_MAINTENANCE');
    expect(error.type).to.equal('server_error');
    expect(error.message).to.contain('maintenance').and.to.contain('"value":false');
    const ready = await fetch(`${gateway.url}/readiness`);
    expect(ready.status).to.equal(503);
    expect(await ready.json()).to.deep.include({ status: 'maintenance' });
    expect((await fetch(`${gateway.url}/liveness`)).status, 'alive all the same').to.equal(200);
    expect((await get<unknown>('/ha/status')).status).to.equal(200);
    expect((await get<{ maintenance: boolean }>('/ha/health')).body.maintenance).to.equal(true);
    expect((await post('/ha/config', { key: 'maintenance', value: false })).status).to.equal(200);
    expect((await chat()).status).to.equal(200);
    expect((await fetch(`${gateway.url}/readiness`)).status).to.equal(200);
  });
});
