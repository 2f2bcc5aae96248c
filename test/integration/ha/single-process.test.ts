import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../core/config/load-config.js';
import { bearer } from '../../support/auth-fixture.js';
import { resolveTestConfig, startGateway, type TestGateway } from '../../support/start-gateway.js';

const ADMIN = 'sk-ha-single-admin-0001';
const admin = { ...bearer(ADMIN), 'content-type': 'application/json' };

describe('ha: one process without a backend', function () {
  // Booting every plugin on a shared, busy machine can outgrow mocha's default 10 s.
  this.timeout(60_000);
  let gateway: TestGateway;
  let stateDir: string;

  before(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'sy-ha-single-'));
    gateway = await startGateway({ auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] }, ha: { replica_id: 'solo' } }, { stateDir });
  });

  after(async () => {
    await gateway.close();
  });

  it('GET /ha/status answers for the process alone, in the shape the dashboard renders', async () => {
    const res = await fetch(`${gateway.url}/ha/status`, { headers: bearer(ADMIN) });
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { backend: string; self: Record<string, unknown>; members: Record<string, unknown>[]; redis: unknown };
    expect(body.backend).to.equal('none');
    expect(Object.keys(body.self).sort()).to.deep.equal(['address', 'config_version', 'id', 'load', 'started_at', 'version']);
    expect(body.self['id']).to.equal('solo');
    expect(body.self['config_version']).to.equal(res.headers.get('x-config-version'));
    expect(body.members.map((m) => m['id'])).to.deep.equal(['solo']);
    expect(body.redis).to.deep.equal({ connected: false, last_sync_at: null });
    const health = (await (await fetch(`${gateway.url}/ha/health`, { headers: bearer(ADMIN) })).json()) as Record<string, unknown>;
    expect(health).to.deep.include({ status: 'ok', backend: 'none', replica_id: 'solo', pending_writes: 0 });
    const ready = (await (await fetch(`${gateway.url}/readiness`)).json()) as Record<string, unknown>;
    expect(ready, 'readiness stays plain without a backend').to.not.have.property('ha');
  });

  it('shared settings work for the one process and persist in its state directory', async () => {
    expect((await fetch(`${gateway.url}/ha/config/maintenance`, { headers: bearer(ADMIN) })).status).to.equal(404);
    const set = await fetch(`${gateway.url}/ha/config`, { method: 'POST', headers: admin, body: JSON.stringify({ key: 'maintenance', value: { on: true } }) });
    expect(set.status).to.equal(200);
    expect(await (await fetch(`${gateway.url}/ha/config/maintenance`, { headers: bearer(ADMIN) })).json()).to.deep.equal({ key: 'maintenance', value: { on: true } });
    expect(await (await fetch(`${gateway.url}/ha/config`, { headers: bearer(ADMIN) })).json()).to.deep.equal({ settings: { maintenance: { on: true } } });
    const removed = await fetch(`${gateway.url}/ha/config`, { method: 'POST', headers: admin, body: JSON.stringify({ key: 'maintenance', value: null }) });
    expect(removed.status).to.equal(200);
    expect((await fetch(`${gateway.url}/ha/config/maintenance`, { headers: bearer(ADMIN) })).status).to.equal(404);
    const large = await fetch(`${gateway.url}/ha/config`, { method: 'POST', headers: admin, body: JSON.stringify({ key: 'big', value: 'x'.repeat(5000) }) });
    expect(large.status).to.equal(400);
    expect(((await large.json()) as { error: { code: string; message: string } }).error.message).to.contain('4096');
  });

  it('POST /ha/shutdown naming another replica: there is none, and the answer says how to stop this one', async () => {
    const res = await fetch(`${gateway.url}/ha/shutdown`, { method: 'POST', headers: admin, body: JSON.stringify({ replica_id: 'other' }) });
    expect(res.status).to.equal(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).to.contain('omit replica_id');
    const bad = await fetch(`${gateway.url}/ha/shutdown`, { method: 'POST', headers: admin, body: JSON.stringify({ replica_id: 'a b', extra: 1 }) });
    expect(bad.status).to.equal(400);
  });

  it('the ha section is checked with every error reported at once', () => {
    try {
      resolveTestConfig({ ha: { backend: 'redis', heartbeat_ms: 1, bogus: true } });
      expect.fail('refused');
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      expect(err.message).to.contain('redis').and.to.contain('heartbeat_ms').and.to.contain('bogus');
    }
  });

  it('ha.backend redis without a state directory is refused with how to fix it', async () => {
    try {
      await startGateway({ ha: { backend: 'redis', redis: { url: 'redis://127.0.0.1:1' } } });
      expect.fail('refused');
    } catch (err) {
      expect((err as Error).message).to.contain('--state-dir');
    }
  });
});
