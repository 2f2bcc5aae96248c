/**
 * `npm run bench`: what the gateway adds on top of calling the upstream directly, for chat
 * completions, streaming and not. Prints figures; asserts nothing. Bounded in count and time.
 *
 * Three processes on loopback: the fake upstream, the gateway (compiled dist/, NODE_ENV=production),
 * and this client. Direct and gateway measurements are interleaved so machine noise hits both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import { summarize } from './percentiles.js';

const SEQUENTIAL = Number(process.env['BENCH_SEQUENTIAL'] ?? 1000);
const SATURATION_MS = Number(process.env['BENCH_SATURATION_MS'] ?? 5000);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const CHAT = JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'Say hello in six words.' }] });
const CHAT_STREAM = JSON.stringify({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'Say hello in six words.' }] });
const HEADERS = { 'content-type': 'application/json' };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startProcess(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
}

async function waitFor(url: string, deadlineMs = 15_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become ready`);
}

/** One request; resolves [time to first body byte, total] in ms. */
async function timeRequest(pool: Pool, body: string): Promise<[number, number]> {
  const started = performance.now();
  const res = await pool.request({ method: 'POST', path: '/v1/chat/completions', headers: HEADERS, body });
  let firstByte = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    if (firstByte === 0 && chunk.length > 0) firstByte = performance.now() - started;
  }
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  return [firstByte, performance.now() - started];
}

async function sequential(direct: Pool, gateway: Pool, body: string, count: number) {
  const d: [number[], number[]] = [[], []];
  const g: [number[], number[]] = [[], []];
  for (let i = 0; i < count; i++) {
    const [df, dt] = await timeRequest(direct, body);
    const [gf, gt] = await timeRequest(gateway, body);
    d[0].push(df), d[1].push(dt), g[0].push(gf), g[1].push(gt);
  }
  return { directFirst: summarize(d[0]), directTotal: summarize(d[1]), gatewayFirst: summarize(g[0]), gatewayTotal: summarize(g[1]) };
}

async function saturate(pool: Pool, body: string, durationMs: number): Promise<{ rps: number; completed: number; errors: number }> {
  const until = performance.now() + durationMs;
  let completed = 0;
  let errors = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < until) {
      try {
        await timeRequest(pool, body);
        completed++;
      } catch {
        errors++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return { rps: completed / ((performance.now() - started) / 1000), completed, errors };
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, clock ticks of 10 ms
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D/g, '')) / 1024;
}

const f = (n: number): string => n.toFixed(2).padStart(8);

async function main(): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
  console.log(`# switchyard ${pkg.version} bench — node ${process.version}, koa ${pkg.dependencies['koa']}, undici ${pkg.dependencies['undici']}`);
  console.log(`# command: npm run bench (BENCH_SEQUENTIAL=${SEQUENTIAL} BENCH_SATURATION_MS=${SATURATION_MS} BENCH_CONNECTIONS=${CONNECTIONS})`);

  const upstreamPort = await freePort();
  const upstream = startProcess(['--import', 'tsx', join(PACKAGE_ROOT, 'test/bench/fake-upstream-process.ts'), String(upstreamPort)]);
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;
  await waitFor(`${upstreamUrl}/v1/models`);

  const gatewayPort = await freePort();
  const gatewayArgs = [join(PACKAGE_ROOT, 'dist/bin/switchyard.js'), 'launch', '--worker-urls', upstreamUrl, '--port', String(gatewayPort), '--log-level', 'warn', '--state-dir', mkdtempSync(join(tmpdir(), 'sy-bench-'))];
  const gateway = startProcess(gatewayArgs, { NODE_ENV: 'production' });
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  await waitFor(`${gatewayUrl}/readiness`);
  console.log(`# gateway: node ${gatewayArgs.map((a) => a.replace(PACKAGE_ROOT + '/', '')).join(' ')}  (NODE_ENV=production)`);

  const direct1 = new Pool(upstreamUrl, { connections: 1 });
  const gateway1 = new Pool(gatewayUrl, { connections: 1 });
  const directN = new Pool(upstreamUrl, { connections: CONNECTIONS });
  const gatewayN = new Pool(gatewayUrl, { connections: CONNECTIONS });
  try {
    await sequential(direct1, gateway1, CHAT, 200); // warm-up (JIT, keep-alive)
    await sequential(direct1, gateway1, CHAT_STREAM, 100);
    const rssWarm = rssMiB(gateway.pid!);

    const plain = await sequential(direct1, gateway1, CHAT, SEQUENTIAL);
    const streamed = await sequential(direct1, gateway1, CHAT_STREAM, SEQUENTIAL);

    console.log(`\n## sequential, one connection, ${SEQUENTIAL} requests each (ms)`);
    console.log('                                 direct   gateway     added');
    const row = (label: string, d: { p50: number; p99: number }, g: { p50: number; p99: number }): void => {
      console.log(`${label.padEnd(26)} p50 ${f(d.p50)}  ${f(g.p50)}  ${f(g.p50 - d.p50)}`);
      console.log(`${''.padEnd(26)} p99 ${f(d.p99)}  ${f(g.p99)}  ${f(g.p99 - d.p99)}`);
    };
    row('chat, non-streaming', plain.directTotal, plain.gatewayTotal);
    row('chat stream, first byte', streamed.directFirst, streamed.gatewayFirst);
    row('chat stream, whole', streamed.directTotal, streamed.gatewayTotal);

    console.log(`\n## saturated, ${CONNECTIONS} connections, ${SATURATION_MS} ms each`);
    for (const [label, body] of [['chat, non-streaming', CHAT], ['chat, streaming', CHAT_STREAM]] as const) {
      const direct = await saturate(directN, body, SATURATION_MS);
      const cpuBefore = cpuMs(gateway.pid!);
      const through = await saturate(gatewayN, body, SATURATION_MS);
      const cpuPerRequestUs = ((cpuMs(gateway.pid!) - cpuBefore) * 1000) / Math.max(1, through.completed);
      console.log(
        `${label.padEnd(22)} direct ${direct.rps.toFixed(0).padStart(6)} req/s   gateway ${through.rps.toFixed(0).padStart(6)} req/s   ` +
          `gateway CPU ${cpuPerRequestUs.toFixed(0)} µs/request   errors ${direct.errors}/${through.errors}`,
      );
    }
    console.log(`\n## gateway RSS: ${rssWarm.toFixed(1)} MiB warm, ${rssMiB(gateway.pid!).toFixed(1)} MiB after load`);
  } finally {
    await Promise.allSettled([direct1.close(), gateway1.close(), directN.close(), gatewayN.close()]);
    gateway.kill('SIGTERM');
    upstream.kill('SIGTERM');
  }
}

await main();
