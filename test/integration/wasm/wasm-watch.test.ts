import { expect } from 'chai';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { bearer } from '../../support/auth-fixture.js';
import { registerModule } from '../../support/wasm-admin.js';
import { untilLogged } from '../../support/wasm-log-lines.js';

const ADMIN = 'sk-wasm-watch-admin-0001';
const fixture = (name: string) => join(PACKAGE_ROOT, `wasm-modules/fixtures/${name}.wasm`);

describe('WASM module roots watched for changes', function () {
  // A safety net against a hang only: booting a policy's workers takes seconds on a loaded machine.
  this.timeout(120_000);
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
      auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
      wasm: { enabled: true, module_roots: [root], watch_roots: true, ...wasm },
      routes: { '/v1/chat/completions': { pipeline: ['wasm:guard', 'upstream'] } },
    });
    // A limit of seconds: a loaded machine must not turn a slow call into a failure.
    await registerModule(gateway.url, ADMIN, { name: 'guard', file_path: policy, attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000, ...registration });
  };
  const chat = () => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'say forbidden-word' }] });
  /** The watcher's verdict on a changed file: the next version swapped in, or the file refused. */
  const reloaded = (count = 1) => untilLogged(gateway.logLines, 'WASM module reloaded after its file changed', count);
  const refused = () => untilLogged(gateway.logLines, 'changed WASM module file not loaded');
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
    await reloaded();
    expect((await chat()).status, 'the new version took over').to.equal(403);
    writeFileSync(policy, 'not wasm at all');
    await refused();
    expect((await chat()).status, 'the broken file did not replace it').to.equal(403);
    expect((await listed())?.version).to.equal(2);
  });

  it('a policy disabled after repeated failures is enabled again when its file is fixed', async () => {
    await startWatching('trap', { disable_after_failures: 3 });
    for (let i = 0; i < 3; i++) expect((await chat()).status).to.equal(503);
    expect((await listed())?.disabled).to.equal(true);
    copyFileSync(fixture('passthrough'), policy);
    await reloaded();
    expect((await chat()).status, 'the fixed file serves').to.equal(200);
    expect(await listed()).to.deep.include({ version: 2 });
    expect((await listed())?.disabled, 'the new version does not inherit the old one\'s disabled flag').to.equal(undefined);
  });
});
