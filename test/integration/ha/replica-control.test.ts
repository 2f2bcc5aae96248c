import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer } from '../../support/auth-fixture.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { startGatewayProcess, type GatewayProcess } from '../../support/gateway-process.js';
import { startRedis, type TestRedis } from '../../support/redis-server.js';
import { waitFor } from '../../support/wait-for.js';

const ADMIN = 'sk-ha-control-admin-0001';
const USER = 'sk-ha-control-user-0001';
const DEADLINE = 20_000;
const HOUR = 3_600_000;
const admin = { ...bearer(ADMIN), 'content-type': 'application/json' };

interface ErrorBody {
  error: { code: string; type: string; message: string };
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers: bearer(ADMIN) });
  return { status: res.status, body: (await res.json()) as T };
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: admin, body: JSON.stringify(body) });
}

function chat(url: string): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(USER) },
    body: JSON.stringify({ model: 'shared-model', messages: [{ role: 'user', content: 'hi' }] }),
  });
}

describe('ha: two replicas on one Redis share the control plane', function () {
  this.timeout(400_000);
  let redis: TestRedis;
  let upstream: FakeUpstream;
  let r1: GatewayProcess;
  let r2: GatewayProcess;

  before(async () => {
    redis = await startRedis();
    upstream = await new FakeUpstream().start();
    upstream.models = ['shared-model'];
    const configOf = (id: string): Record<string, unknown> => ({
      auth: { api_keys: [{ id: 'user', key: USER }], control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
      workers: [{ url: upstream.url, models: ['shared-model'] }],
      limits: { backend: 'redis', redis: { url: redis.url, timeout_ms: 2000 } },
      pipeline: ['rate-limit', 'upstream'],
      stages: { 'rate-limit': { window_ms: HOUR } },
      ha: { backend: 'redis', redis: { url: redis.url }, replica_id: id, heartbeat_ms: 200, member_ttl_ms: 2000, resync_ms: 500 },
      log: { level: 'info' },
    });
    const started = await Promise.all(['r1', 'r2'].map((id) => startGatewayProcess(configOf(id), ['--state-dir', mkdtempSync(join(tmpdir(), `sy-ha-control-${id}-`))])));
    r1 = started[0]!;
    r2 = started[1]!;
    for (const replica of [r1, r2]) {
      await waitFor('both replicas to be members', async () => (await getJson<{ members: unknown[] }>(`${replica.url}/ha/status`)).body.members.length === 2, DEADLINE);
    }
  });

  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    // A failure shows what the replicas logged above warn level (never a secret: the gateway logs none).
    for (const r of [r1, r2]) console.log(`--- ${r.url}:\n${r.output().split('\n').filter((l) => /"level":(40|50|60)/.test(l)).slice(-20).join('\n')}`);
  });

  after(async () => {
    await Promise.all([r1?.kill(), r2?.kill()]);
    await upstream?.stop();
    await redis?.stop();
  });

  it('keys created on both replicas at the same moment all survive, on both', async () => {
    const ids: string[] = [];
    for (let round = 0; round < 5; round++) {
      const pair = [`left-${round}`, `right-${round}`];
      ids.push(...pair);
      // Side by side: each replica writes its keys file before it hears of the other's.
      const answers = await Promise.all([post(`${r1.url}/keys`, { id: pair[0] }), post(`${r2.url}/keys`, { id: pair[1] })]);
      for (const res of answers) expect(res.status, await res.clone().text()).to.equal(201);
    }
    for (const replica of [r1, r2]) {
      await waitFor(`${replica.url} to list all ${ids.length} keys`, async () => {
        const { body } = await getJson<{ data: { id: string }[] }>(`${replica.url}/keys`);
        const listed = new Set(body.data.map((k) => k.id));
        return ids.every((id) => listed.has(id));
      }, DEADLINE);
    }
  });

  it('GET /ha/workers and /ha/policies show the worker and the model as each replica sees them', async () => {
    // Polled: a report lives for the member TTL, and a busy machine may let one lapse for a moment.
    const bothSee = (replicas: Record<string, unknown> | undefined): boolean => JSON.stringify(Object.keys(replicas ?? {}).sort()) === '["r1","r2"]';
    const workers = await waitFor('both replicas to report the worker', async () => {
      const { body } = await getJson<{ replicas: string[]; workers: { id: string; replicas: Record<string, { healthy: boolean; circuit: string }> }[] }>(`${r1.url}/ha/workers`);
      return body.workers.length === 1 && bothSee(body.workers[0]?.replicas) ? body : undefined;
    }, DEADLINE);
    expect(workers.replicas).to.deep.equal(['r1', 'r2']);
    const worker = workers.workers[0]!;
    expect(worker.replicas['r2']).to.deep.include({ healthy: true, circuit: 'closed' });
    await waitFor('r2 to show the worker as both see it', async () => bothSee((await getJson<{ replicas?: Record<string, unknown> }>(`${r2.url}/ha/workers/${encodeURIComponent(worker.id)}`)).body.replicas), DEADLINE);
    const missing = await getJson<ErrorBody>(`${r2.url}/ha/workers/nobody`);
    expect(missing.status).to.equal(404);
    expect(missing.body.error.type).to.equal('not_found_error');
    const policy = await waitFor('r2 to show the model\'s routing on both', async () => {
      const { status, body } = await getJson<{ model: string; policies: string[]; replicas: Record<string, { workers: string[] }> }>(`${r2.url}/ha/policies/shared-model`);
      return status === 200 && bothSee(body.replicas) ? body : undefined;
    }, DEADLINE);
    expect(policy.policies).to.have.length(1);
    expect(policy.replicas['r1']?.workers).to.deep.equal([worker.id]);
  });

  it('maintenance set on one replica holds the data plane and readiness of both; the control plane stays up', async () => {
    expect((await chat(r2.url)).status).to.equal(200);
    expect((await post(`${r1.url}/ha/config`, { key: 'maintenance', value: true })).status).to.equal(200);
    const started = Date.now();
    for (const replica of [r1, r2]) await waitFor(`${replica.url} to refuse traffic`, async () => (await chat(replica.url)).status === 503, DEADLINE);
    console.log(`      maintenance on both replicas after ${Date.now() - started} ms`);
    const refused = await chat(r2.url);
    const { error } = (await refused.json()) as ErrorBody;
    expect(error.code).to.equal('GW_ERR_GATEWAY_MAINTENANCE');
    expect(error.message).to.contain('POST /ha/config');
    for (const replica of [r1, r2]) {
      const ready = await fetch(`${replica.url}/readiness`);
      expect(ready.status).to.equal(503);
      expect(await ready.json()).to.deep.include({ status: 'maintenance' });
      expect((await getJson<unknown>(`${replica.url}/ha/status`)).status, 'control plane').to.equal(200);
    }
    expect((await post(`${r2.url}/ha/config`, { key: 'maintenance', value: false })).status).to.equal(200);
    for (const replica of [r1, r2]) {
      await waitFor(`${replica.url} to serve again`, async () => (await chat(replica.url)).status === 200, DEADLINE);
      expect((await fetch(`${replica.url}/readiness`)).status).to.equal(200);
    }
  });

  it('shared rate-limit settings set on one replica are enforced by both; stats count the cluster', async () => {
    const set = await post(`${r1.url}/ha/rate-limit`, { overrides: { 'api_key:user': { rpm: 4 } } });
    expect(set.status, await set.clone().text()).to.equal(200);
    await waitFor('r2 to read the settings', async () => JSON.stringify((await getJson<{ settings: unknown }>(`${r2.url}/ha/rate-limit`)).body.settings).includes('"rpm":4'), DEADLINE);
    // Not across the hour's edge, where the window (and the count) starts afresh.
    const left = HOUR - (Date.now() % HOUR);
    if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    // Counting starts with the override (the key had no limit): take what is left, then one more each.
    const stats = async (url: string): Promise<{ used: number; refused: number } | undefined> =>
      (await getJson<{ limits: { limit: string; scope: string; used: number; refused: number }[] }>(`${url}/ha/rate-limit/stats`)).body.limits.find((l) => l.limit === 'rpm' && l.scope === 'api_key:user');
    const used = (await stats(r1.url))?.used ?? 0;
    const statuses: number[] = [];
    for (let i = used; i < 4; i++) statuses.push((await chat(i % 2 === 0 ? r1.url : r2.url)).status);
    expect(statuses.every((s) => s === 200)).to.equal(true);
    expect((await chat(r1.url)).status).to.equal(429);
    expect((await chat(r2.url)).status).to.equal(429);
    const seen = await stats(r2.url);
    expect(seen).to.deep.include({ used: 4, refused: 2 });
    expect((await getJson<{ shared: boolean }>(`${r2.url}/ha/rate-limit`)).body.shared).to.equal(true);
    expect((await post(`${r2.url}/ha/rate-limit`, {})).status).to.equal(200);
    await waitFor('r1 to drop the override', async () => (await chat(r1.url)).status === 200, DEADLINE);
  });
});
