import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../core/config/load-config.js';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { bearer } from '../../support/auth-fixture.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { registerModules } from '../../support/wasm-admin.js';

const ADMIN = 'sk-wasm-declared-admin-0001';
const ROOT = join(PACKAGE_ROOT, 'wasm-modules');
const MASKER = join(ROOT, 'examples/pii-masker/pii-masker.wasm');

type Listed = { name: string; uuid: string; version: number; config?: Record<string, unknown>; declared?: true };

describe('WASM modules declared in config', function () {
  // A safety net against a hang only: booting a policy's workers takes seconds on a loaded machine.
  this.timeout(120_000);
  let upstream: FakeUpstream;
  let stateDir: string;
  let gateway: TestGateway | undefined;

  // A limit of seconds: a loaded machine must not turn a slow call into a failure.
  const masker = (config: Record<string, unknown>) => ({ name: 'masker', file_path: MASKER, attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000, config });
  const start = (modules: unknown[], enabled = true, wasm: Record<string, unknown> = {}) =>
    startGateway(
      {
        workers: [{ url: upstream.url, models: ['fake-model'] }],
        auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
        wasm: { enabled, module_roots: [ROOT], modules, ...wasm },
      },
      { stateDir },
    );
  const listed = async (g: TestGateway): Promise<Listed[]> => ((await (await fetch(`${g.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: Listed[] }).modules;
  const sentContent = (): string => (upstream.chatBodies().at(-1)!['messages'] as { content: string }[])[0]!.content;

  before(async () => {
    upstream = await new FakeUpstream().start();
    stateDir = mkdtempSync(join(tmpdir(), 'sy-declared-'));
  });
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });
  after(() => upstream.stop());

  it('registers declared modules at boot; a restart with the same declaration keeps the version; a changed one is the next', async () => {
    gateway = await start([masker({ cards: false })]);
    const [first] = await listed(gateway);
    expect(first).to.deep.include({ name: 'masker', version: 1 });
    await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'a@b.co 4111111111111111' }] });
    expect(sentContent(), 'the declared config reaches the policy').to.equal('[email] 4111111111111111');
    await gateway.close();

    gateway = await start([masker({ cards: false })]);
    expect((await listed(gateway))[0]).to.deep.include({ uuid: first!.uuid, version: 1 });
    await gateway.close();

    gateway = await start([masker({ cards: true })]);
    expect((await listed(gateway))[0]).to.deep.include({ version: 2, config: { cards: true } });
    await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'a@b.co 4111111111111111' }] });
    expect(sentContent()).to.equal('[email] [card]');

    // The same bytes under the same name over HTTP are a new version with new settings, not a copy.
    const [again] = await registerModules(gateway.url, ADMIN, [masker({ emails: false })]);
    expect(again?.add_result.Success).to.be.a('string');
    const [copy] = await registerModules(gateway.url, ADMIN, [{ ...masker({}), name: 'masker-copy' }]);
    expect(copy?.add_result.Error, 'a second copy under another name is refused, naming the first').to.equal('these bytes are already registered as "masker"; register that name again to change its settings');
  });

  it('a module the config no longer declares is removed at boot; one registered through /wasm stays', async () => {
    gateway = await start([masker({}), { name: 'guard', file_path: join(ROOT, 'fixtures/reject.wasm'), attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000 }]);
    await registerModules(gateway.url, ADMIN, [{ name: 'by-hand', file_path: join(ROOT, 'fixtures/passthrough.wasm'), attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000 }]);
    const before = await listed(gateway);
    expect(before.map((m) => [m.name, m.declared ?? false])).to.deep.equal([
      ['by-hand', false],
      ['guard', true],
      ['masker', true],
    ]);
    await gateway.close();

    gateway = await start([masker({})]);
    expect((await listed(gateway)).map((m) => m.name)).to.deep.equal(['by-hand', 'masker']);
    expect(gateway.logLines.some((l) => l.includes('WASM modules no longer declared in config were removed') && l.includes('guard'))).to.equal(true);
    const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'forbidden-word' }] });
    expect(res.status, 'the removed rejecter no longer runs').to.equal(200);
  });

  it('a declared module that cannot load stops the boot, naming it; declarations need wasm enabled', async () => {
    const failed = await start([masker({ colour: 'red' }), { ...masker({}), name: 'ghost', file_path: join(ROOT, 'nope.wasm') }]).then(
      (g) => {
        gateway = g;
        return undefined;
      },
      (err: unknown) => err,
    );
    expect(failed).to.be.instanceOf(ConfigError);
    const message = (failed as Error).message;
    expect(message).to.contain('/wasm/modules/0: masker: config does not match the module\'s schema: config/colour is not a known property');
    expect(message).to.contain('/wasm/modules/1: ghost: file_path was refused');

    const off = await start([masker({})], false).then(() => undefined, (err: unknown) => err);
    expect((off as Error).message).to.contain('/wasm/modules: must NOT have more than 0 items');
  });

  it('a declared inline module stops the boot, naming wasm.allow_inline, unless the config sets it', async () => {
    const inline = { name: 'fast-deny', file_path: join(ROOT, 'examples/deny-list/deny-list.wasm'), attach_points: [{ Middleware: 'OnRequest' }], mode: 'inline' };
    const refused = await start([inline]).then(
      (g) => {
        gateway = g;
        return undefined;
      },
      (err: unknown) => err,
    );
    expect(refused).to.be.instanceOf(ConfigError);
    expect((refused as Error).message).to.contain('/wasm/modules/0: fast-deny: mode "inline" is refused').and.to.contain('endless loop').and.to.contain('wasm.allow_inline: true');

    gateway = await start([inline], true, { allow_inline: true });
    expect((await listed(gateway)).map((m) => m.name)).to.include('fast-deny');
  });

  it('a reload applies wasm.modules: a new one is enforced at once, a broken one is refused with nothing changed, a dropped one is removed', async () => {
    const guard = { name: 'guard', file_path: join(ROOT, 'fixtures/reject.wasm'), attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000 };
    const base = { workers: [{ url: upstream.url, models: ['fake-model'] }], auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] } };
    const wasm = (modules: unknown[]) => ({ ...base, wasm: { enabled: true, module_roots: [ROOT], modules } });
    let next: Record<string, unknown> = wasm([masker({})]);
    const g = await startGateway(next, { stateDir: mkdtempSync(join(tmpdir(), 'sy-declared-reload-')), configSource: { name: 'test', read: () => next } });
    gateway = g;
    const reload = async (): Promise<{ status: number; body: string }> => {
      const res = await fetch(`${g.url}/config/reload`, { method: 'POST', headers: bearer(ADMIN) });
      return { status: res.status, body: await res.text() };
    };
    const forbidden = () => postJson(`${g.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'forbidden-word' }] });
    expect((await forbidden()).status).to.equal(200);

    next = wasm([masker({}), guard]);
    expect((await reload()).status).to.equal(200);
    expect((await forbidden()).status, 'the module the reload declared runs on the next request').to.equal(403);

    // One good change and one broken module: refused as a whole, every failure named.
    next = wasm([masker({ cards: true }), { ...guard, file_path: join(ROOT, 'nope.wasm') }]);
    const refused = await reload();
    expect(refused.status).to.equal(400);
    expect(refused.body).to.contain('/wasm/modules/1: guard: file_path was refused');
    expect((await listed(g)).map((m) => [m.name, m.version, m.config])).to.deep.equal([['guard', 1, undefined], ['masker', 1, {}]]);
    expect((await forbidden()).status, 'the loaded version still serves').to.equal(403);

    next = wasm([masker({ cards: true })]);
    expect((await reload()).status).to.equal(200);
    expect((await listed(g)).map((m) => [m.name, m.version])).to.deep.equal([['masker', 2]]);
    expect((await forbidden()).status, 'the module no longer declared is gone').to.equal(200);

    next = { ...wasm([masker({ cards: true })]), wasm: { enabled: true, module_roots: [ROOT], modules: [masker({ cards: true })], max_memory_pages: 32 } };
    const partial = JSON.parse((await reload()).body) as { status: string; restart_required: string[] };
    expect(partial).to.deep.include({ status: 'partial', restart_required: ['wasm'] });
  });
});
