import { expect } from 'chai';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway } from '../../support/start-gateway.js';
import { bearer } from '../../support/auth-fixture.js';

const ADMIN = 'sk-wasm-watch-admin-0001';

describe('WASM module roots watched for changes', function () {
  this.timeout(15_000);

  it('a changed file becomes the next version; a broken one never replaces it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sy-watch-'));
    const policy = join(root, 'guard.wasm');
    copyFileSync(join(PACKAGE_ROOT, 'wasm-modules/fixtures/passthrough.wasm'), policy);
    const upstream = await new FakeUpstream().start();
    const gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      auth: { control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
      wasm: { enabled: true, module_roots: [root], watch_roots: true },
      routes: { '/v1/chat/completions': { pipeline: ['wasm:guard', 'upstream'] } },
    });
    const chat = () => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'say forbidden-word' }] });
    const until = async (status: number): Promise<boolean> => {
      for (let i = 0; i < 40; i++) {
        if ((await chat()).status === status) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    };
    try {
      await fetch(`${gateway.url}/wasm`, {
        method: 'POST',
        headers: { ...bearer(ADMIN), 'content-type': 'application/json' },
        body: JSON.stringify({ modules: [{ name: 'guard', file_path: policy, attach_points: [{ Middleware: 'OnRequest' }] }] }),
      });
      expect((await chat()).status).to.equal(200);
      copyFileSync(join(PACKAGE_ROOT, 'wasm-modules/fixtures/reject.wasm'), policy);
      expect(await until(403), 'the new version took over').to.equal(true);
      writeFileSync(policy, 'not wasm at all');
      await new Promise((r) => setTimeout(r, 600));
      expect((await chat()).status, 'the broken file did not replace it').to.equal(403);
      const listed = (await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: { version: number }[] };
      expect(listed.modules[0]?.version).to.equal(2);
    } finally {
      await gateway.close();
      await upstream.stop();
    }
  });

  it('a policy disabled after repeated failures is enabled again when its file is fixed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sy-watch-'));
    const policy = join(root, 'guard.wasm');
    copyFileSync(join(PACKAGE_ROOT, 'wasm-modules/fixtures/trap.wasm'), policy);
    const upstream = await new FakeUpstream().start();
    const gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      auth: { control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
      wasm: { enabled: true, module_roots: [root], watch_roots: true, disable_after_failures: 3 },
      routes: { '/v1/chat/completions': { pipeline: ['wasm:guard', 'upstream'] } },
    });
    const chat = () => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'hello' }] });
    const listed = async () => ((await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: { version: number; disabled?: boolean }[] }).modules[0];
    try {
      await fetch(`${gateway.url}/wasm`, {
        method: 'POST',
        headers: { ...bearer(ADMIN), 'content-type': 'application/json' },
        body: JSON.stringify({ modules: [{ name: 'guard', file_path: policy, attach_points: [{ Middleware: 'OnRequest' }], mode: 'inline' }] }),
      });
      for (let i = 0; i < 3; i++) expect((await chat()).status).to.equal(503);
      expect((await listed())?.disabled).to.equal(true);
      copyFileSync(join(PACKAGE_ROOT, 'wasm-modules/fixtures/passthrough.wasm'), policy);
      let status = 0;
      for (let i = 0; i < 40 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await chat()).status;
      }
      expect(status, 'the fixed file serves').to.equal(200);
      expect(await listed()).to.deep.include({ version: 2 });
      expect((await listed())?.disabled, 'the new version does not inherit the old one\'s disabled flag').to.equal(undefined);
    } finally {
      await gateway.close();
      await upstream.stop();
    }
  });
});
