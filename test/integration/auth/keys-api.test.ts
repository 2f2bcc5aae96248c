import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { gatewayFor, postJson, type TestGateway } from '../../support/start-gateway.js';
import { authConfig, bearer, KEYS } from '../../support/auth-fixture.js';
import { waitFor } from '../../support/wait-for.js';

async function call(gateway: TestGateway, method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const res = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { ...bearer(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, text };
}

describe('keys admin API', () => {
  let upstream: FakeUpstream;
  let stateDir: string;
  let gateway: TestGateway;
  before(async () => {
    upstream = await new FakeUpstream().start();
    stateDir = mkdtempSync(join(tmpdir(), 'sy-keys-'));
    gateway = await gatewayFor([upstream.url], authConfig(), { stateDir });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('creates a key whose secret is shown once, stored only as a digest, usable at once', async () => {
    const created = await call(gateway, 'POST', '/keys', KEYS.admin, { id: 'team-a', name: 'Team A', models: ['fake-model'], metadata: { team: 'a' } });
    expect(created.status).to.equal(201);
    const secret = created.body['key'] as string;
    expect(secret).to.match(/^sy-[A-Za-z0-9_-]{43}$/);
    expect(created.body).to.deep.include({ id: 'team-a', name: 'Team A', role: 'user', models: ['fake-model'], enabled: true, source: 'api', metadata: { team: 'a' } });
    expect(created.body).to.not.have.property('digest');

    const chat = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }, bearer(secret));
    expect(chat.status).to.equal(200);

    const listed = await call(gateway, 'GET', '/keys', KEYS.readOnly);
    expect(listed.text).to.not.contain(secret);
    expect(listed.text).to.not.contain('digest');
    expect((listed.body['data'] as { id: string }[]).map((k) => k.id)).to.deep.equal(['auditor', 'data-reader', 'limited', 'ops', 'team-a', 'user']);
    const fetched = await call(gateway, 'GET', '/keys/team-a', KEYS.admin);
    expect(fetched.body).to.not.have.property('key');

    const onDisk = readFileSync(join(stateDir, 'api-keys.json'), 'utf8');
    expect(onDisk).to.not.contain(secret);
    expect(onDisk).to.contain('"digest"');
  });

  it('reports every body error at once and refuses unknown and prototype-pollution fields', async () => {
    const bad = await call(gateway, 'POST', '/keys', KEYS.admin, { role: 'root', models: 'all', budget: -1, extra: 1 });
    expect(bad.status).to.equal(400);
    const message = (bad.body['error'] as { message: string }).message;
    for (const part of ['/role must be one of', '/models must be array', '/budget must be >= 0', '/extra is not a known property']) expect(message).to.contain(part);
    const polluted = await fetch(`${gateway.url}/keys`, { method: 'POST', headers: { ...bearer(KEYS.admin), 'content-type': 'application/json' }, body: '{"__proto__":{"role":"admin"},"constructor":{"x":1}}' });
    expect(polluted.status).to.equal(400);
    expect(({} as Record<string, unknown>)['role']).to.equal(undefined);
  });

  it('PATCH merges only given fields; null clears; DELETE revokes; config keys are read-only here', async () => {
    const patched = await call(gateway, 'PATCH', '/keys/team-a', KEYS.admin, { name: 'Team A2', models: null, budget: 5 });
    expect(patched.status).to.equal(200);
    expect(patched.body).to.deep.include({ name: 'Team A2', budget: 5, metadata: { team: 'a' } });
    expect(patched.body).to.not.have.property('models');
    expect((await call(gateway, 'PATCH', '/keys/ops', KEYS.admin, { name: 'x' })).status).to.equal(409);
    expect((await call(gateway, 'DELETE', '/keys/user', KEYS.admin)).status).to.equal(409);
    expect((await call(gateway, 'GET', '/keys/nope', KEYS.admin)).status).to.equal(404);
    expect((await call(gateway, 'POST', '/keys', KEYS.admin, { id: 'team-a' })).status).to.equal(409);
  });

  it('a non-admin PATCH carrying role or scope fields is refused; name and metadata are allowed', async () => {
    const created = await call(gateway, 'POST', '/keys', KEYS.admin, { id: 'self-service', models: ['fake-model'] });
    const secret = created.body['key'] as string;
    for (const escalation of [{ role: 'admin' }, { models: null }, { models: ['fake-model', 'other'] }, { budget: 100 }, { enabled: true, name: 'x' }, { endpoints: null }]) {
      const res = await call(gateway, 'PATCH', '/v1/keys/self', secret, escalation);
      expect(res.status, JSON.stringify(escalation)).to.equal(403);
      expect((res.body['error'] as { message: string }).message).to.match(/^Only an admin can change /);
    }
    const renamed = await call(gateway, 'PATCH', '/v1/keys/self', secret, { name: 'mine', metadata: { owner: 'me' } });
    expect(renamed.status).to.equal(200);
    const self = await call(gateway, 'GET', '/v1/keys/self', secret);
    expect(self.body).to.deep.include({ id: 'self-service', name: 'mine', role: 'user', models: ['fake-model'], metadata: { owner: 'me' } });
    // and the user key cannot reach the admin route at all
    expect((await call(gateway, 'PATCH', '/keys/self-service', secret, { role: 'admin' })).status).to.equal(401);
  });

  it('keys survive a restart; a revoked key stops working at once', async () => {
    const created = await call(gateway, 'POST', '/keys', KEYS.admin, { id: 'durable' });
    const secret = created.body['key'] as string;
    const restarted = await gatewayFor([upstream.url], authConfig(), { stateDir });
    try {
      const chat = await postJson(`${restarted.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }, bearer(secret));
      expect(chat.status).to.equal(200);
      expect((await call(restarted, 'DELETE', '/keys/durable', KEYS.admin)).body).to.deep.equal({ id: 'durable', deleted: true });
      const after = await postJson(`${restarted.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }, bearer(secret));
      expect(after.status).to.equal(401);
    } finally {
      await restarted.close();
    }
  });

  it('disabled and expired keys are refused with the same 401', async () => {
    await call(gateway, 'POST', '/keys', KEYS.admin, { id: 'old', expires_at: '2000-01-01T00:00:00Z' });
    const off = await call(gateway, 'POST', '/keys', KEYS.admin, { id: 'off', enabled: false });
    const expired = (await call(gateway, 'PATCH', '/keys/old', KEYS.admin, { name: 'old' })).status;
    expect(expired).to.equal(200);
    const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }, bearer(off.body['key'] as string));
    expect(res.status).to.equal(401);
  });

  it('writes one audit line per control-plane call, denied ones included, with no secret', async () => {
    gateway.logLines.length = 0;
    await call(gateway, 'GET', '/keys', KEYS.admin);
    await call(gateway, 'DELETE', '/keys/ops', KEYS.readOnly);
    await fetch(`${gateway.url}/keys`);
    await waitFor('three audit lines', () => gateway.logLines.filter((l) => l.includes('"audit":"control_plane"')).length >= 3);
    const audits = gateway.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['audit'] === 'control_plane');
    expect(audits.map((a) => [a['principal'], a['auth_method'], a['role'], a['method'], a['path'], a['resource'], a['outcome']])).to.deep.equal([
      ['ops', 'api_key', 'admin', 'GET', '/keys', null, 200],
      ['auditor', 'api_key', 'read-only', 'DELETE', '/keys/ops', 'ops', 403],
      [null, 'none', null, 'GET', '/keys', null, 401],
    ]);
    for (const a of audits) expect(a['request_id']).to.be.a('string');
    const all = gateway.logLines.join('');
    for (const secret of Object.values(KEYS)) expect(all).to.not.contain(secret);
  });
});

describe('an open data plane is a config switch, never a side effect', () => {
  let upstream: FakeUpstream;
  before(async () => {
    upstream = await new FakeUpstream().start();
  });
  after(() => upstream.stop());
  const chat = { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] };

  it('revoking the last data-plane key leaves the data plane closed', async () => {
    const gateway = await gatewayFor([upstream.url], { auth: { control_plane_api_keys: [{ id: 'ops', key: KEYS.admin }] } });
    try {
      expect((await postJson(`${gateway.url}/v1/chat/completions`, chat)).status, 'no keys at all: closed').to.equal(401);
      const created = await call(gateway, 'POST', '/keys', KEYS.admin, { id: 'only' });
      const secret = created.body['key'] as string;
      expect((await postJson(`${gateway.url}/v1/chat/completions`, chat, bearer(secret))).status).to.equal(200);
      expect((await call(gateway, 'DELETE', '/keys/only', KEYS.admin)).status).to.equal(200);
      expect((await postJson(`${gateway.url}/v1/chat/completions`, chat)).status, 'still closed after the last key went').to.equal(401);
      expect((await postJson(`${gateway.url}/v1/chat/completions`, chat, bearer(secret))).status).to.equal(401);
    } finally {
      await gateway.close();
    }
  });

  it('auth.anonymous serves callers without a key, and a real key still counts as itself', async () => {
    const gateway = await gatewayFor([upstream.url], { auth: { anonymous: true, api_keys: [{ id: 'metered', key: 'sk-metered-key-0001', limits: { rpm: 1 } }] }, pipeline: ['rate-limit', 'upstream'] });
    try {
      expect((await postJson(`${gateway.url}/v1/chat/completions`, chat)).status).to.equal(200);
      expect((await postJson(`${gateway.url}/v1/chat/completions`, chat, bearer('placeholder-from-an-sdk'))).status, 'an unknown key is ignored').to.equal(200);
      expect((await postJson(`${gateway.url}/v1/chat/completions`, chat, bearer('sk-metered-key-0001'))).status).to.equal(200);
      expect((await postJson(`${gateway.url}/v1/chat/completions`, chat, bearer('sk-metered-key-0001'))).status, 'its own limit applies').to.equal(429);
    } finally {
      await gateway.close();
    }
  });
});
