import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { bearer } from '../../support/auth-fixture.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { registerModule } from '../../support/wasm-admin.js';

const ADMIN = 'sk-wasm-enable-admin-0001';
const AUDITOR = 'sk-wasm-enable-readonly-0001';
const ROOT = join(PACKAGE_ROOT, 'wasm-modules');
const DENY_LIST = join(ROOT, 'examples/deny-list/deny-list.wasm');

describe('PATCH /wasm/{uuid} {enabled}: switch a policy off and on without unregistering it', function () {
  // A safety net against a hang only: booting a policy's workers takes seconds on a loaded machine.
  this.timeout(120_000);
  let upstream: FakeUpstream;
  let stateDir: string;
  let gateway: TestGateway | undefined;

  const start = (pipeline?: string[]): Promise<TestGateway> =>
    startGateway(
      {
        auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }, { id: 'auditor', key: AUDITOR, role: 'read-only' }] },
        workers: [{ url: upstream.url, models: ['fake-model'] }],
        wasm: { enabled: true, module_roots: [ROOT] },
        ...(pipeline === undefined ? {} : { routes: { '/v1/chat/completions': { pipeline } } }),
      },
      { stateDir },
    );
  const dropTable = (g: TestGateway): Promise<Response> => postJson(`${g.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'please DROP TABLE users' }] });
  const patch = (g: TestGateway, uuid: string, body: unknown, key = ADMIN): Promise<Response> =>
    fetch(`${g.url}/wasm/${uuid}`, { method: 'PATCH', headers: { ...bearer(key), 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeEach(async () => {
    upstream = await new FakeUpstream().start();
    stateDir = mkdtempSync(join(tmpdir(), 'sy-wasm-enable-'));
  });
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    await upstream.stop();
  });

  it('off: the attached policy no longer runs; kept across a restart; on: it runs again', async () => {
    gateway = await start();
    // A limit of seconds: a loaded machine must not turn a slow policy call into a failure.
    const uuid = await registerModule(gateway.url, ADMIN, { name: 'deny', file_path: DENY_LIST, attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000 });
    expect((await dropTable(gateway)).status, 'registered: it refuses').to.equal(400);

    const off = await patch(gateway, uuid, { enabled: false });
    expect(off.status).to.equal(200);
    expect(await off.json()).to.deep.include({ uuid, name: 'deny', paused: true });
    expect((await dropTable(gateway)).status, 'switched off: it does not run').to.equal(200);

    await gateway.close();
    gateway = await start();
    const listed = (await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: { uuid: string; paused?: boolean }[] };
    expect(listed.modules.find((m) => m.uuid === uuid)?.paused, 'still off after a restart').to.equal(true);
    expect((await dropTable(gateway)).status).to.equal(200);

    const on = await patch(gateway, uuid, { enabled: true });
    expect(on.status).to.equal(200);
    expect(await on.json()).to.not.have.property('paused');
    expect((await dropTable(gateway)).status, 'switched on: it refuses again').to.equal(400);
  });

  it('a wasm:<name> stage whose policy is off passes requests on', async () => {
    gateway = await start(['wasm:deny', 'upstream']);
    const uuid = await registerModule(gateway.url, ADMIN, { name: 'deny', file_path: DENY_LIST, attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000 });
    expect((await dropTable(gateway)).status).to.equal(400);
    expect((await patch(gateway, uuid, { enabled: false })).status).to.equal(200);
    expect((await dropTable(gateway)).status).to.equal(200);
  });

  it('refuses an unknown uuid (404), a bad body with every error (400) and a read-only key (403)', async () => {
    gateway = await start();
    const uuid = await registerModule(gateway.url, ADMIN, { name: 'deny', file_path: DENY_LIST, attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000 });
    const unknown = await patch(gateway, '00000000-0000-4000-8000-000000000000', { enabled: false });
    expect(unknown.status).to.equal(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).to.contain('GET /wasm');
    const bad = await patch(gateway, uuid, { enabled: 'no', extra: 1 });
    expect(bad.status).to.equal(400);
    const message = ((await bad.json()) as { error: { message: string } }).error.message;
    expect(message).to.contain('enabled').and.contain('extra');
    expect((await patch(gateway, uuid, { enabled: false }, AUDITOR)).status).to.equal(403);
    expect((await dropTable(gateway)).status, 'nothing changed').to.equal(400);
  });
});
