import { expect } from 'chai';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { bearer } from '../../support/auth-fixture.js';
import { registerModule } from '../../support/wasm-admin.js';

const ADMIN = 'sk-wasm-watch-admin-0001';
const fixture = (name: string) => join(PACKAGE_ROOT, `wasm-modules/fixtures/${name}.wasm`);

describe('WASM module roots watched for changes', function () {
  this.timeout(15_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let policy: string;

  /** A watched root holding guard.wasm (a copy of `initial`), registered as `guard` on chat. */
  const startWatching = async (initial: string, wasm: Record<string, unknown> = {}, registration: Record<string, unknown> = {}): Promise<void> => {
    const root = mkdtempSync(join(tmpdir(), 'sy-watch-'));
    policy = join(root, 'guard.wasm');
    copyFileSync(fixture(initial), policy);
    gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      auth: { control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
      wasm: { enabled: true, module_roots: [root], watch_roots: true, ...wasm },
      routes: { '/v1/chat/completions': { pipeline: ['wasm:guard', 'upstream'] } },
    });
    await registerModule(gateway.url, ADMIN, { name: 'guard', file_path: policy, attach_points: [{ Middleware: 'OnRequest' }], ...registration });
  };
  const chat = () => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'say forbidden-word' }] });
  /** Polls until the watcher has swapped the version in (changes are coalesced for 200 ms). */
  const until = async (status: number): Promise<boolean> => {
    for (let i = 0; i < 40; i++) {
      if ((await chat()).status === status) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };
  const listed = async () => ((await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: { version: number; disabled?: boolean }[] }).modules[0];

  beforeEach(async () => {
    upstream = await new FakeUpstream().start();
  });
  afterEach(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('a changed file becomes the next version; a broken one never replaces it', async () => {
    await startWatching('passthrough');
    expect((await chat()).status).to.equal(200);
    copyFileSync(fixture('reject'), policy);
    expect(await until(403), 'the new version took over').to.equal(true);
    writeFileSync(policy, 'not wasm at all');
    await new Promise((r) => setTimeout(r, 600));
    expect((await chat()).status, 'the broken file did not replace it').to.equal(403);
    expect((await listed())?.version).to.equal(2);
  });

  it('a policy disabled after repeated failures is enabled again when its file is fixed', async () => {
    await startWatching('trap', { disable_after_failures: 3 });
    for (let i = 0; i < 3; i++) expect((await chat()).status).to.equal(503);
    expect((await listed())?.disabled).to.equal(true);
    copyFileSync(fixture('passthrough'), policy);
    expect(await until(200), 'the fixed file serves').to.equal(true);
    expect(await listed()).to.deep.include({ version: 2 });
    expect((await listed())?.disabled, 'the new version does not inherit the old one\'s disabled flag').to.equal(undefined);
  });
});
