import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeUpstream } from '../support/fake-upstream.js';
import { waitFor } from '../support/wait-for.js';
import { PACKAGE_ROOT } from '../../core/package-root.js';

// tsx by its resolved URL: some commands run in a working directory outside the package.
const CLI = ['--import', import.meta.resolve('tsx'), join(PACKAGE_ROOT, 'bin', 'switchyard.ts')];

/** A scaffolded policy refuses its configured word with its configured status (defaults: forbidden, 403). */
function expectScaffoldAnswers(module: string, scratch: string, name: string): void {
  const run = (body: unknown, config: unknown): unknown => {
    const fixture = join(scratch, 'input.json');
    writeFileSync(fixture, JSON.stringify({ phase: 'on_request', headers: { word: 'banana' }, body, request_id: 'r', now_ms: 1, config }));
    const ran = spawnSync(process.execPath, [...CLI, 'wasm', 'run', module, fixture], { encoding: 'utf8' });
    return JSON.parse(ran.stdout);
  };
  expect(run({ prompt: 'something forbidden' }, {})).to.deep.equal({ action: 'reject', status: 403, reason: `${name} refused the request.` });
  expect(run({ prompt: 'a banana' }, { word: 'banana', status: 451 })).to.deep.equal({ action: 'reject', status: 451, reason: `${name} refused the request.` });
  expect(run({ prompt: 'forbidden' }, { word: 'banana' }), 'only the configured word; headers are not the body').to.deep.equal({ action: 'continue' });
}

describe('switchyard CLI (a real process)', function () {
  this.timeout(60_000); // each case starts real processes on a shared machine

  it('config check prints OK for a good file and every error with its path for a bad one', () => {
    const ok = spawnSync(process.execPath, [...CLI, 'config', 'check', join(PACKAGE_ROOT, 'examples', 'default.yaml')], { encoding: 'utf8' });
    expect(ok.status).to.equal(0);
    expect(ok.stdout).to.contain('default.yaml: OK');

    const dir = mkdtempSync(join(tmpdir(), 'sy-cli-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'server:\n  port: -1\nworkers:\n  - runtime: demo\npipeline: [nope, upstream]\n');
    const res = spawnSync(process.execPath, [...CLI, 'config', 'check', bad], { encoding: 'utf8' });
    expect(res.status).to.equal(2);
    expect(res.stderr).to.contain('/server/port: must be >= 0');
    expect(res.stderr).to.contain('/workers/0/url: is required');

    const pipelineBad = join(dir, 'pipeline.yaml');
    writeFileSync(pipelineBad, 'pipeline: [nope, upstream]\nstages:\n  upstream: { headers_timeout_ms: 0 }\n');
    const res2 = spawnSync(process.execPath, [...CLI, 'config', 'check', pipelineBad], { encoding: 'utf8' });
    expect(res2.status).to.equal(2);
    expect(res2.stderr).to.contain('pipeline[0]: unknown stage "nope"');
    expect(res2.stderr.split('unknown stage "nope"'), 'once, not once per route').to.have.length(2);
    expect(res2.stderr, 'names the file').to.contain(`${pipelineBad}: Pipeline configuration is invalid`);
    expect(res2.stderr).to.contain('stages.upstream/headers_timeout_ms: must be >= 1');
  });

  it('launch --worker-urls serves that worker\'s models at once, and SIGTERM drains and exits 0', async () => {
    const upstream = await new FakeUpstream().start();
    upstream.models = ['served-by-fake'];
    const stateDir = mkdtempSync(join(tmpdir(), 'sy-cli-state-'));
    const child = spawn(process.execPath, [...CLI, 'launch', '--worker-urls', upstream.url, '--port', '0', '--state-dir', stateDir, '--api-key', 'sk-cli-test-key-0001'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          // Other lines carry a url too (model discovery logs the worker's): take the listening one.
          const match = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"switchyard listening"/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const models = (await (await fetch(`${url}/v1/models`)).json()) as { data: { id: string }[] };
      expect(models.data.map((m) => m.id)).to.deep.equal(['served-by-fake']);
      expect(url).to.not.equal(upstream.url);
      const chatWith = (headers: Record<string, string>) =>
        fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ model: 'served-by-fake', messages: [{ role: 'user', content: 'x' }] }),
        });
      expect((await chatWith({})).status, 'open only when the config says auth.anonymous').to.equal(401);
      expect((await chatWith({ authorization: 'Bearer sk-cli-test-key-0001' })).status).to.equal(200);
      // SIGHUP (a terminal closing, a careless `kill -HUP`) no longer kills the gateway.
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.kill('SIGHUP');
      await waitFor('the SIGHUP log line', () => stdout.includes('SIGHUP'));
      expect((await chatWith({ authorization: 'Bearer sk-cli-test-key-0001' })).status, 'still serving after SIGHUP').to.equal(200);
      const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
      child.kill('SIGTERM');
      expect(await exited, `exit code or signal; stderr: ${stderr}`).to.equal(0);
    } finally {
      child.kill('SIGKILL');
      await upstream.stop();
    }
  });

  it('wasm run: runs a policy against a fixture with the gateway\'s checks; exit 1 on a bad answer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-cli-wasm-'));
    const fixture = join(dir, 'input.json');
    writeFileSync(fixture, JSON.stringify({ phase: 'on_request', body: { messages: [{ role: 'user', content: 'card 4111111111111111' }] }, request_id: 'r', config: {} }));
    const ok = spawnSync(process.execPath, [...CLI, 'wasm', 'run', join(PACKAGE_ROOT, 'wasm-modules/examples/pii-masker/pii-masker.wasm'), fixture], { encoding: 'utf8' });
    expect(ok.status).to.equal(0);
    expect(JSON.parse(ok.stdout)).to.deep.equal({ action: 'modify', body: { messages: [{ role: 'user', content: 'card [card]' }] } });
    expect(ok.stderr, 'no "WASI is experimental" warning: no policy is given WASI').to.equal('');
    const bad = spawnSync(process.execPath, [...CLI, 'wasm', 'run', join(PACKAGE_ROOT, 'wasm-modules/fixtures/garbage.wasm'), fixture], { encoding: 'utf8' });
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.match(/policy failed: output \/\w+/);
  });

  it('wasm new scaffolds an AssemblyScript policy in the working directory that wasm build builds from anywhere', function () {
    this.timeout(120_000); // a real compiler build on a busy machine
    const name = `scaffold-${process.pid}`;
    const cwd = mkdtempSync(join(tmpdir(), 'sy-author-'));
    const dir = join(cwd, name);
    try {
      const created = spawnSync(process.execPath, [...CLI, 'wasm', 'new', name, '--lang', 'as'], { encoding: 'utf8', cwd });
      expect(created.status, created.stderr).to.equal(0);
      expect(existsSync(join(dir, 'policy.ts')), 'in the working directory').to.equal(true);
      expect(existsSync(join(PACKAGE_ROOT, 'wasm-modules', 'examples', name)), 'never in the package folder').to.equal(false);
      const built = spawnSync(process.execPath, [...CLI, 'wasm', 'build'], { encoding: 'utf8', cwd: dir });
      expect(built.status, built.stderr).to.equal(0);
      expect(built.stdout).to.contain(`built ${join(dir, `${name}.wasm`)}`);
      expectScaffoldAnswers(join(dir, `${name}.wasm`), dir, name);
      expect(spawnSync(process.execPath, [...CLI, 'wasm', 'new', name, '--lang', 'as'], { encoding: 'utf8', cwd }).status, 'never overwrites').to.equal(64);
      expect(spawnSync(process.execPath, [...CLI, 'wasm', 'new', 'x', '--lang', 'go'], { encoding: 'utf8', cwd }).stderr).to.contain('not available (as, rust, rust-component)');
      const nothing = spawnSync(process.execPath, [...CLI, 'wasm', 'build', cwd], { encoding: 'utf8', cwd });
      expect(nothing.status).to.equal(64);
      expect(nothing.stderr).to.contain('has no policy.ts or policy.rs');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  for (const lang of ['rust', 'rust-component']) {
    it(`wasm new --lang ${lang} scaffolds a policy that wasm build builds with the Debian toolchain and runs as is`, function () {
      if (!existsSync('/usr/bin/rustc')) this.skip(); // .ci/run installs it; a bare machine may not have it
      this.timeout(180_000);
      const name = `scaffold-${lang}-${process.pid}`;
      const cwd = mkdtempSync(join(tmpdir(), 'sy-rust-'));
      const dir = join(cwd, name);
      try {
        expect(spawnSync(process.execPath, [...CLI, 'wasm', 'new', name, '--lang', lang], { encoding: 'utf8', cwd }).status).to.equal(0);
        const built = spawnSync(process.execPath, [...CLI, 'wasm', 'build', name], { encoding: 'utf8', cwd });
        expect(built.status, built.stderr).to.equal(0);
        const module = join(dir, `${name}.wasm`);
        expect(readFileSync(module).subarray(4, 8).toString('hex'), 'core module or component').to.equal(lang === 'rust' ? '01000000' : '0d000100');
        expectScaffoldAnswers(module, dir, name);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  }

  it('refuses an unknown flag with a usage message', () => {
    const res = spawnSync(process.execPath, [...CLI, 'launch', '--bogus'], { encoding: 'utf8' });
    expect(res.status).to.equal(64);
    expect(res.stderr).to.contain('unknown option "--bogus"');
  });
});
