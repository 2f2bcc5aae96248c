import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type TestGateway } from '../../support/start-gateway.js';
import { bearer } from '../../support/auth-fixture.js';
import { coreModule } from '../../support/wasm-fixtures.js';
import { registerModules } from '../../support/wasm-admin.js';

const ADMIN = 'sk-wasm-admin-0001';
const UNIFORM =
  "file_path was refused: it must name a regular .wasm file inside a module root (wasm.module_roots, --wasm-module-root), no larger than wasm.max_module_bytes; a relative path is read from the module roots, never from the gateway's working directory";

describe('/wasm registration', function () {
  // A safety net against a hang only: booting a policy's workers takes seconds on a loaded machine.
  this.timeout(120_000);
  let root: string;
  let outside: string;
  let stateDir: string;
  let gateway: TestGateway;

  // Over HTTP with the admin key; a status other than 200 fails the test (registerModules throws).
  const register = (g: TestGateway, modules: Record<string, unknown>[]) => registerModules(g.url, ADMIN, modules);
  const one = (name: string, file_path: string) => ({ name, file_path, module_type: 'Middleware', attach_points: [{ Middleware: 'OnRequest' }] });
  const start = (dir = stateDir, wasm: Record<string, unknown> = {}) =>
    startGateway({ auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] }, wasm: { enabled: true, module_roots: [root], max_memory_pages: 64, ...wasm } }, { stateDir: dir });

  before(async () => {
    const base = mkdtempSync(join(tmpdir(), 'sy-wasm-'));
    root = join(base, 'policies');
    outside = join(base, 'elsewhere');
    mkdirSync(root);
    mkdirSync(outside);
    stateDir = join(base, 'state');
    writeFileSync(join(root, 'good.wasm'), coreModule({ memory: { min: 1 }, imports: [{ module: 'extism:host/env', name: 'input_length' }], nonce: 'good' }));
    writeFileSync(join(outside, 'secret.wasm'), coreModule({ nonce: 'outside' }));
    symlinkSync(join(outside, 'secret.wasm'), join(root, 'link-out.wasm'));
    symlinkSync('/proc/self/environ', join(root, 'environ.wasm'));
    symlinkSync('/dev/zero', join(root, 'zero.wasm'));
    execFileSync('mkfifo', [join(root, 'fifo.wasm')]);
    mkdirSync(join(root, 'directory.wasm'));
    writeFileSync(join(root, 'script.wasm'), '#!/bin/sh\nrm -rf /\n');
    writeFileSync(join(root, 'copy.wasm'), coreModule({ memory: { min: 1 }, imports: [{ module: 'extism:host/env', name: 'input_length' }], nonce: 'good' }));
    writeFileSync(join(root, 'wasi.wasm'), coreModule({ imports: [{ module: 'wasi_snapshot_preview1', name: 'fd_write' }], nonce: 'wasi' }));
    writeFileSync(join(root, 'huge-memory.wasm'), coreModule({ memory: { min: 100 }, nonce: 'huge' }));
    writeFileSync(join(root, 'v2.wasm'), coreModule({ memory: { min: 1 }, nonce: 'v2' }));
    writeFileSync(join(root, 'fast.wasm'), coreModule({ memory: { min: 1 }, nonce: 'fast' }));
    gateway = await start();
  });
  after(() => gateway.close());

  it('registers a module and lists it with its metadata; DELETE removes it', async () => {
    const [result] = await register(gateway, [{ ...one('audit', join(root, 'good.wasm')), on_error: 'fail_open', routes: ['/v1/chat/completions'] }]);
    const uuid = result?.add_result.Success;
    expect(uuid).to.match(/^[0-9a-f-]{36}$/);
    const listed = (await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: Record<string, unknown>[]; metrics: Record<string, number> };
    expect(listed.modules[0]).to.deep.include({ uuid, name: 'audit', transport: 'extism', version: 1, on_error: 'fail_open', mode: 'isolated', access_count: 0, last_accessed_at: null });
    expect(listed.modules[0]?.['sha256']).to.match(/^[0-9a-f]{64}$/);
    expect(listed.metrics).to.have.keys(['total_executions', 'successful_executions', 'failed_executions', 'total_time_ms', 'max_time_ms', 'average_time_ms']);
  });

  it('refuses every file_path attack with the same uniform error, and nothing blocks', async () => {
    const attacks = [
      join(root, '..', 'elsewhere', 'secret.wasm'),
      `${root}/../elsewhere/secret.wasm`,
      join(root, 'link-out.wasm'),
      join(root, 'environ.wasm'),
      join(root, 'zero.wasm'),
      '/proc/self/environ',
      '/dev/zero',
      join(root, 'fifo.wasm'),
      join(root, 'directory.wasm'),
      join(root, 'script.wasm'),
      join(root, 'missing.wasm'),
      join(root, 'good.txt'),
      'relative/../../etc/passwd.wasm',
    ];
    const started = Date.now();
    const results = await register(gateway, attacks.map((path, i) => one(`attack-${i}`, path)));
    expect(Date.now() - started).to.be.below(2000);
    for (const [i, r] of results.entries()) expect(r.add_result, attacks[i]).to.deep.equal({ Error: UNIFORM });
  });

  it('says which name already holds the same bytes; reads a relative path from the module root; the status says what happened', async () => {
    const post = (modules: Record<string, unknown>[]) =>
      fetch(`${gateway.url}/wasm`, { method: 'POST', headers: { ...bearer(ADMIN), 'content-type': 'application/json' }, body: JSON.stringify({ modules }) });
    const none = await post([one('copy', join(root, 'copy.wasm'))]);
    expect(none.status, 'nothing registered').to.equal(400);
    const noneBody = (await none.json()) as { error: { message: string; code: string }; modules: { add_result: { Error?: string } }[] };
    expect(noneBody.modules[0]?.add_result.Error).to.equal('these bytes are already registered as "audit"; register that name again to change its settings');
    expect(noneBody.error.code).to.equal('GW_ERR_ADMIN_INVALID_BODY');
    expect(noneBody.error.message).to.contain('No module was registered. copy: these bytes are already registered as "audit"');
    const some = await post([one('fast', 'fast.wasm'), one('ghost', 'missing.wasm')]);
    expect(some.status, 'some registered').to.equal(207);
    const someBody = (await some.json()) as { modules: { add_result: { Success?: string; Error?: string } }[] };
    expect(someBody.modules[0]?.add_result.Success, 'fast.wasm, relative to the module root').to.be.a('string');
    expect(someBody.modules[1]?.add_result).to.deep.equal({ Error: UNIFORM });
    await fetch(`${gateway.url}/wasm/${someBody.modules[0]?.add_result.Success ?? ''}`, { method: 'DELETE', headers: bearer(ADMIN) });
  });

  it('rejects modules importing outside the allowlist or asking for more memory than the cap', async () => {
    const [wasi, huge] = await register(gateway, [one('wasi', join(root, 'wasi.wasm')), one('huge', join(root, 'huge-memory.wasm'))]);
    expect(wasi?.add_result.Error).to.equal('imports from outside the allowlist: wasi_snapshot_preview1.fd_write');
    expect(huge?.add_result.Error).to.equal('memory minimum 100 pages exceeds the cap of 64');
  });

  it('a new version of a name replaces the old one; registrations survive a restart', async () => {
    const [v2] = await register(gateway, [one('audit', join(root, 'v2.wasm'))]);
    const list = (await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: { name: string; version: number; uuid: string }[] };
    expect(list.modules.filter((m) => m.name === 'audit').map((m) => [m.version, m.uuid])).to.deep.equal([[2, v2?.add_result.Success]]);
    await gateway.close();
    gateway = await start();
    const restored = (await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: { uuid: string }[] };
    expect(restored.modules.map((m) => m.uuid)).to.deep.equal([v2?.add_result.Success]);
    const deleted = await fetch(`${gateway.url}/wasm/${v2?.add_result.Success ?? ''}`, { method: 'DELETE', headers: bearer(ADMIN) });
    expect(await deleted.json()).to.deep.equal({ uuid: v2?.add_result.Success, deleted: true });
  });

  it('is off unless enabled; the body is validated with every error', async () => {
    const off = await startGateway({ auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] } });
    try {
      const res = await fetch(`${off.url}/wasm`, { headers: bearer(ADMIN) });
      expect(res.status).to.equal(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).to.contain('--enable-wasm');
    } finally {
      await off.close();
    }
    const bad = await fetch(`${gateway.url}/wasm`, { method: 'POST', headers: { ...bearer(ADMIN), 'content-type': 'application/json' }, body: JSON.stringify({ modules: [{ name: 'Bad Name', attach_points: [{ Middleware: 'OnTuesday' }] }] }) });
    expect(bad.status).to.equal(400);
    const message = ((await bad.json()) as { error: { message: string } }).error.message;
    for (const part of ['/modules/0/name must match pattern', '/modules/0/file_path is required', '/modules/0/attach_points/0/Middleware must be one of']) expect(message).to.contain(part);
  });

  it('validates config against the schema a module ships (sidecar or custom section), every error reported', async () => {
    const schema = { type: 'object', additionalProperties: false, required: ['mode'], properties: { mode: { enum: ['strict', 'lenient'] } } };
    writeFileSync(join(root, 'configured.wasm'), coreModule({ nonce: 'configured' }));
    writeFileSync(join(root, 'configured.schema.json'), JSON.stringify(schema));
    const [bad] = await register(gateway, [{ ...one('configured', join(root, 'configured.wasm')), config: { mode: 'loose', extra: 1 } }]);
    expect(bad?.add_result.Error).to.contain('config does not match the module\'s schema');
    expect(bad?.add_result.Error).to.contain('config/mode must be one of: strict, lenient');
    expect(bad?.add_result.Error).to.contain('config/extra is not a known property');
    const [good] = await register(gateway, [{ ...one('configured', join(root, 'configured.wasm')), config: { mode: 'strict' } }]);
    expect(good?.add_result.Success).to.be.a('string');

    const sectioned = join(root, 'sectioned.wasm');
    writeFileSync(sectioned, coreModule({ nonce: 'sectioned', customSections: { 'switchyard:config-schema': JSON.stringify({ type: 'object', properties: { level: { type: 'integer' } } }) } }));
    const routed = await startGateway(
      {
        auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
        wasm: { enabled: true, module_roots: [root] },
        routes: { '/v1/embeddings': { pipeline: ['wasm:sectioned', 'upstream'], stages: { 'wasm:sectioned': { config: { level: 'high' } } } } },
      },
      { stateDir: mkdtempSync(join(tmpdir(), 'sy-wasm-state-')) },
    );
    try {
      const [refused] = await register(routed, [one('sectioned', sectioned)]);
      expect(refused?.add_result.Error).to.contain('routes./v1/embeddings.stages.wasm:sectioned.config/level must be integer');
    } finally {
      await routed.close();
    }
  });

  it('refuses mode inline unless the config sets wasm.allow_inline, saying why; a saved inline module is not restored without it', async () => {
    const fast = { ...one('fast', join(root, 'fast.wasm')), mode: 'inline' };
    const [refused] = await register(gateway, [fast]);
    expect(refused?.add_result.Error).to.equal(
      'mode "inline" is refused: an inline policy runs on the gateway\'s main thread with no timeout, so one endless loop would freeze the whole process for good (even SIGTERM); use mode "isolated", or set wasm.allow_inline: true in the gateway config to accept that risk',
    );

    const dir = mkdtempSync(join(tmpdir(), 'sy-wasm-inline-state-'));
    const allowing = await start(dir, { allow_inline: true });
    try {
      const [accepted] = await register(allowing, [fast]);
      expect(accepted?.add_result.Success).to.be.a('string');
    } finally {
      await allowing.close();
    }
    const strict = await start(dir);
    try {
      const listed = (await (await fetch(`${strict.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: unknown[] };
      expect(listed.modules).to.deep.equal([]);
      expect(strict.logLines.some((l) => l.includes('saved WASM module not restored') && l.includes('wasm.allow_inline'))).to.equal(true);
    } finally {
      await strict.close();
    }
  });

  it('a hand-edited wasm-modules.json: records that break its schema are skipped, named in the log; the others restore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-wasm-edited-state-'));
    const first = await start(dir);
    let saved: Record<string, unknown>[];
    try {
      await register(first, [one('kept', join(root, 'fast.wasm'))]);
      saved = JSON.parse(readFileSync(join(dir, 'wasm-modules.json'), 'utf8')) as Record<string, unknown>[];
    } finally {
      await first.close();
    }
    const edited = { ...saved[0], name: 'edited', uuid: 'not-a-uuid', attach_points: [{ Middleware: 'OnLunch' }], timeout_ms: -1 };
    writeFileSync(join(dir, 'wasm-modules.json'), JSON.stringify([...saved, edited, 'junk']));
    const second = await start(dir);
    try {
      const listed = (await (await fetch(`${second.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: { name: string }[] };
      expect(listed.modules.map((m) => m.name)).to.deep.equal(['kept']);
      const skipped = second.logLines.filter((l) => l.includes('saved WASM module not restored'));
      expect(skipped).to.have.length(2);
      expect(skipped.join('\n')).to.not.contain('OnLunch', 'the log names the problem, not the content');
    } finally {
      await second.close();
    }
  });
});
