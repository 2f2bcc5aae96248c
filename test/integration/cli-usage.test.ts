import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { FakeUpstream } from '../support/fake-upstream.js';
import { PACKAGE_ROOT, PACKAGE_VERSION } from '../../core/package-root.js';

// tsx by its resolved URL: some commands run in a working directory outside the package.
const CLI = ['--import', import.meta.resolve('tsx'), join(PACKAGE_ROOT, 'bin', 'switchyard.ts')];

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', cwd: PACKAGE_ROOT });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A usage error: exit 64, one message naming `flag`, no stack, and nothing blamed on the embedded default. */
function expectFlagError(res: { status: number | null; stderr: string }, code: number, ...needles: string[]): void {
  expect(res.status, res.stderr).to.equal(code);
  for (const needle of needles) expect(res.stderr).to.contain(needle);
  expect(res.stderr).to.not.contain('default.yaml');
  expect(res.stderr).to.not.match(/\n\s+at /);
}

describe('switchyard CLI: help, version and flag errors (a real process)', function () {
  this.timeout(180_000); // a dozen processes on a shared, busy machine

  it('--help, -h, launch/config/wasm --help and --version answer on stdout with 0', () => {
    for (const args of [['--help'], ['-h'], []]) {
      const res = cli(...args);
      expect(res.status, args.join(' ')).to.equal(0);
      expect(res.stdout).to.contain('Usage: switchyard').and.to.contain('launch').and.to.contain('wasm');
    }
    const launch = cli('launch', '--help');
    expect(launch.status).to.equal(0);
    expect(launch.stdout).to.contain('--worker-urls <url...>').and.to.contain('--cache-threshold').and.to.contain('--prometheus-port');
    expect(cli('config', '--help').stdout).to.contain('check <file>');
    const wasm = cli('wasm', '--help');
    expect(wasm.status).to.equal(0);
    expect(wasm.stdout).to.contain('new [options] <name>').and.to.contain('build').and.to.contain('run');
    for (const flag of ['--version', '-v']) {
      const version = cli(flag);
      expect(version.status).to.equal(0);
      expect(version.stdout.trim()).to.equal(PACKAGE_VERSION);
    }
  });

  it('every flag error names the flag and exits 64 (or 2 for a value the schema refuses)', () => {
    expectFlagError(cli('launch', '--enable-wasm'), 64, '--enable-wasm needs --wasm-module-root');
    expectFlagError(cli('launch', '--bogus'), 64, 'unknown option "--bogus"', 'switchyard launch --help');
    expectFlagError(cli('launch', '--port'), 64, '--port needs a value');
    expectFlagError(cli('launch', '--port', 'eighty'), 64, '--port must be a whole number, got "eighty"');
    expectFlagError(cli('launch', '--host', 'a', 'b'), 64, '--host takes one value; "b" is left over');
    expectFlagError(cli('launch', '--enable-wasm=yes'), 64, '--enable-wasm takes no value');
    expectFlagError(cli('launch', '--prometheus-port', '29000'), 64, '--prometheus-port is an SMG flag Switchyard does not support');
    expectFlagError(cli('launch', '--port', '99999'), 2, '--port: must be <= 65535');
    expectFlagError(cli('launch', '--log-level', 'loud'), 2, '--log-level: must be one of');
    expectFlagError(cli('launch', '--policy', 'fastest'), 2, '--policy: must be one of');
    expectFlagError(cli('launch', '--cache-threshold', '2'), 2, '--cache-threshold: must be <= 1');
    expectFlagError(cli('config', 'check'), 64, "missing required argument 'file'");
    expectFlagError(cli('nonsense'), 64, "unknown command 'nonsense'");
    expectFlagError(cli('wasm', 'new', 'x'), 64, '--lang');
  });

  it('a port in use: one clear line naming the address and --port, no stack trace, exit 1', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const res = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [...CLI, 'launch', '--port', String(port), '--log-level', 'silent'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('exit', (code) => resolve({ code, stderr }));
      });
      expect(res.code).to.equal(1);
      expect(res.stderr.trim().split('\n')).to.have.length(1);
      expect(res.stderr).to.contain(`cannot listen on 127.0.0.1:${port}: the port is in use`).and.to.contain('--port');
    } finally {
      blocker.close();
    }
  });

  it('config check --help and a mapped SMG flag on a real launch line', async () => {
    expect(cli('config', 'check', '--help').stdout).to.contain('Usage: switchyard config check');
    const upstream = await new FakeUpstream().start();
    upstream.models = ['m'];
    try {
      // --worker-urls A B plus mapped SMG flags: the config they make validates (checked by launch, stopped before listening by a bad port).
      const res = cli('launch', '--worker-urls', upstream.url, upstream.url, '--request-timeout-secs', '30', '--cache-threshold', '0.4', '--policy', 'cache_aware', '--port', '70000');
      expect(res.status).to.equal(2);
      expect(res.stderr.trim()).to.equal('switchyard: the command line is invalid:\n  --port: must be <= 65535\n(switchyard launch --help lists the flags)');
    } finally {
      await upstream.stop();
    }
  });

  it('config check warns about a wasm:<name> stage no module declares (it would answer 503)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-undeclared-'));
    mkdirSync(join(dir, 'policies'));
    const file = join(dir, 'wasm.yaml');
    writeFileSync(file, `wasm: {enabled: true, module_roots: [${join(dir, 'policies')}]}\nworkers:\n  - {url: demo://local, runtime: demo, models: [m]}\nroutes:\n  /v1/chat/completions: {pipeline: [wasm:ghost, upstream]}\n`);
    const res = cli('config', 'check', file);
    expect(res.status, 'registering it at runtime is legitimate, so a warning').to.equal(0);
    expect(res.stderr).to.contain('routes./v1/chat/completions.pipeline[0]: "wasm:ghost" is not declared in wasm.modules').and.to.contain('503');
  });
});
