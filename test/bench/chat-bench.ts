/**
 * `npm run bench`: what Switchyard adds to every request, as ratios to baselines run in the same
 * run on the same core — a bare Koa + @koa/router + undici passthrough that parses and re-serialises
 * the JSON (baselines/koa-proxy.ts) and the Node floor, node:http + undici (baselines/node-proxy.ts).
 * Prints figures; asserts nothing. Absolute numbers on shared machines drift; ratios in one run do not.
 *
 * Targets run one at a time on core 0 (`taskset`); wrk, the upstream and this client share core 1.
 * Rounds are interleaved so machine noise hits every target alike; the best round counts.
 *
 *   npm run bench                      the table (default launch, full secured pipeline, baselines)
 *   npm run bench -- --stages          each built-in stage's own cost, alone on a route
 *   npm run bench -- --profile [secured|koa]  a CPU profile of the default launch (or the secured one, or the Koa baseline) under load, summarised
 *   npm run bench -- --soak            5 minutes at 70 % of saturation: RSS and p99 drift
 *   npm run bench -- --instructions [N]  instructions per request under valgrind: the same on a busy machine
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { GATEWAY_NODE_FLAGS } from '../../bin/node-flags.js';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import { summarizeCpuProfile } from './harness/cpu-profile-summary.js';
import { pacedFirstByte } from './harness/paced-ttfb.js';
import { CAN_PIN, cpuMs, freePort, minorFaults, pinSelf, rssMiB, startNode, type Started } from './harness/processes.js';
import { requireWrk, runWrk } from './harness/wrk.js';
import { callgrindWrapper, countingOn, dumpCounts, readDumps, requireValgrind, type InstructionCount } from './harness/callgrind.js';
import { sendCount } from './harness/send-count.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const PACED_RATE = Number(process.env['BENCH_PACED_RATE'] ?? 200);
const KEY = 'sk-bench-key-000000000001';
const AUTH = { authorization: `Bearer ${KEY}` };
const GATEWAY_CORE = 0;
const CLIENT_CORE = 1;
const PROMPT = 'Write a short, friendly greeting for a new colleague who joins the platform team on Monday. '.repeat(5);
const CHAT = JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: PROMPT }] });
const STREAM = JSON.stringify({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: PROMPT }] });
const SLOW_STREAM = JSON.stringify({ model: 'slow-model', stream: true, messages: [{ role: 'user', content: PROMPT }] });
const TSX = ['--import', 'tsx'];
/** Every target (baselines too) runs on the node flags the gateway ships with; BENCH_NODE_FLAGS='' compares on node's defaults. */
const NODE_FLAGS = process.env['BENCH_NODE_FLAGS'] === undefined ? GATEWAY_NODE_FLAGS : process.env['BENCH_NODE_FLAGS'].split(' ').filter((flag) => flag !== '');

interface Target {
  readonly name: string;
  start(port: number, upstream: string, options?: LaunchOptions): Promise<Started>;
}

interface LaunchOptions {
  /** Flags for node itself (--cpu-prof …). */
  readonly nodeArgs?: readonly string[];
  readonly wrapper?: readonly string[];
  readonly readyTimeoutMs?: number;
  /** Another core than the gateway's (two targets counted at once). */
  readonly core?: number;
}

interface Figures {
  rps: number;
  cpuUs: number;
  streams: number;
  streamCpuUs: number;
  ttfbP50: number;
  ttfbP99: number;
  rss: number;
  /** Minor page faults per chat request. */
  faults: number;
  errors: number;
}

const baseline = (name: string, file: string): Target => ({
  name,
  start: (port, upstream, options = {}) =>
    startNode([...NODE_FLAGS, ...(options.nodeArgs ?? []), ...TSX, join(PACKAGE_ROOT, 'test/bench/baselines', file), String(port), upstream], {
      core: options.core ?? GATEWAY_CORE,
      ...(options.wrapper === undefined ? {} : { wrapper: options.wrapper }),
      ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
    }),
});

/** The built gateway (dist/, NODE_ENV=production), from flags or from a config file. */
const gateway = (name: string, config: ((upstream: string, port: number) => Record<string, unknown>) | undefined): Target => ({
  name,
  start: (port, upstream, options = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-bench-'));
    let args: string[];
    if (config === undefined) {
      args = ['launch', '--worker-urls', upstream, '--port', String(port), '--log-level', 'warn', '--state-dir', dir, '--api-key', KEY];
    } else {
      const file = join(dir, 'gateway.yaml');
      writeFileSync(file, stringify(config(upstream, port)));
      args = ['launch', '--config', file, '--port', String(port), '--log-level', 'warn', '--state-dir', dir];
    }
    return startNode([...NODE_FLAGS, ...(options.nodeArgs ?? []), join(PACKAGE_ROOT, 'dist/bin/switchyard.js'), ...args], {
      core: options.core ?? GATEWAY_CORE,
      env: { NODE_ENV: 'production' },
      ready: async () => (await fetch(`http://127.0.0.1:${port}/readiness`)).status === 200,
      ...(options.wrapper === undefined ? {} : { wrapper: options.wrapper }),
      ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
    });
  },
});

/** A secured gateway: keys, rate-limit, budget, priced models (metrics are always on). */
const secured = (stages: readonly string[]) => (upstream: string, port: number): Record<string, unknown> => ({
  server: { port },
  workers: [{ url: upstream, models: ['fake-model', 'slow-model'] }],
  models: { 'fake-model': { pricing: { prompt_per_million: 1, completion_per_million: 2 } }, 'slow-model': { pricing: { prompt_per_million: 1, completion_per_million: 2 } } },
  auth: { api_keys: [{ id: 'bench', key: KEY, limits: { rpm: 100_000_000, tpm: 100_000_000_000 }, budget: 1_000_000_000 }] },
  pipeline: [...stages, 'upstream'],
});

async function measure(target: Target, upstream: string): Promise<Figures> {
  const port = await freePort();
  const started = await target.start(port, upstream);
  const url = `http://127.0.0.1:${port}`;
  try {
    await runWrk(`${url}/v1/chat/completions`, CHAT, { connections: CONNECTIONS, seconds: 2, core: CLIENT_CORE, headers: AUTH }); // warm-up
    await runWrk(`${url}/v1/chat/completions`, STREAM, { connections: CONNECTIONS, seconds: 1, core: CLIENT_CORE, headers: AUTH });
    const rss = rssMiB(started.pid);
    const cpu0 = cpuMs(started.pid);
    const faults0 = minorFaults(started.pid);
    const plain = await runWrk(`${url}/v1/chat/completions`, CHAT, { connections: CONNECTIONS, seconds: SECONDS, core: CLIENT_CORE, headers: AUTH });
    const cpu1 = cpuMs(started.pid);
    const faults1 = minorFaults(started.pid);
    const streams = await runWrk(`${url}/v1/chat/completions`, STREAM, { connections: CONNECTIONS, seconds: SECONDS, core: CLIENT_CORE, headers: AUTH });
    const cpu2 = cpuMs(started.pid);
    const paced = await pacedFirstByte(url, SLOW_STREAM, { rate: PACED_RATE, seconds: 5, headers: AUTH });
    return {
      rps: plain.rps,
      cpuUs: ((cpu1 - cpu0) * 1000) / Math.max(1, plain.requests),
      streams: streams.rps,
      streamCpuUs: ((cpu2 - cpu1) * 1000) / Math.max(1, streams.requests),
      ttfbP50: paced.p50,
      ttfbP99: paced.p99,
      rss,
      faults: (faults1 - faults0) / Math.max(1, plain.requests),
      errors: plain.errors + streams.errors + paced.errors,
    };
  } finally {
    await started.stop();
  }
}

/** Best of the rounds per target (the least disturbed by the rest of the machine). */
function best(rounds: readonly Figures[]): Figures {
  const pick = (f: (x: Figures) => number, high: boolean): number => (high ? Math.max(...rounds.map(f)) : Math.min(...rounds.map(f)));
  return {
    rps: pick((x) => x.rps, true),
    cpuUs: pick((x) => x.cpuUs, false),
    streams: pick((x) => x.streams, true),
    streamCpuUs: pick((x) => x.streamCpuUs, false),
    ttfbP50: pick((x) => x.ttfbP50, false),
    ttfbP99: pick((x) => x.ttfbP99, false),
    rss: pick((x) => x.rss, false),
    faults: pick((x) => x.faults, false),
    errors: pick((x) => x.errors, false),
  };
}

async function compare(targets: readonly Target[], upstream: string, reference: string): Promise<Map<string, Figures>> {
  const rounds = new Map<string, Figures[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets) {
      process.stderr.write(`round ${round + 1}/${ROUNDS}: ${target.name}\n`);
      rounds.get(target.name)?.push(await measure(target, upstream));
    }
  }
  const results = new Map([...rounds].map(([name, figures]) => [name, best(figures)]));
  const ref = results.get(reference);
  if (ref === undefined) return results;
  const ratio = (value: number, base: number): string => `${value.toFixed(value >= 100 ? 0 : 2)} (${(value / base).toFixed(2)}×)`;
  const rows: [string, (f: Figures) => string][] = [
    ['requests/s', (f) => ratio(f.rps, ref.rps)],
    ['CPU µs per request', (f) => ratio(f.cpuUs, ref.cpuUs)],
    ['streams/s (20 chunks)', (f) => ratio(f.streams, ref.streams)],
    ['CPU µs per stream', (f) => ratio(f.streamCpuUs, ref.streamCpuUs)],
    [`TTFB p50 ms at ${PACED_RATE}/s (5 ms chunks)`, (f) => ratio(f.ttfbP50, ref.ttfbP50)],
    [`TTFB p99 ms at ${PACED_RATE}/s`, (f) => ratio(f.ttfbP99, ref.ttfbP99)],
    ['RSS MiB, warm', (f) => ratio(f.rss, ref.rss)],
    ['minor page faults per request', (f) => f.faults.toFixed(2)],
    ['errors', (f) => String(f.errors)],
  ];
  const names = [...results.keys()];
  const width = 26;
  console.log(`\n| | ${names.join(' | ')} |`);
  console.log(`|---|${names.map(() => '---').join('|')}|`);
  for (const [label, cell] of rows) console.log(`| ${label} | ${names.map((n) => cell(results.get(n) ?? ref).padEnd(width)).join(' | ')} |`);
  console.log(`\nRatios are to "${reference}" in the same run.`);
  return results;
}

async function profile(upstream: string, which: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-prof-'));
  const port = await freePort();
  const targets: Record<string, Target> = {
    secured: gateway('secured', secured(['rate-limit', 'budget'])),
    koa: baseline('bare Koa + undici', 'koa-proxy.ts'),
  };
  const target = targets[which] ?? gateway('default', undefined);
  const started = await target.start(port, upstream, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const url = `http://127.0.0.1:${port}/v1/chat/completions`;
  await runWrk(url, CHAT, { connections: CONNECTIONS, seconds: SECONDS, core: CLIENT_CORE, headers: AUTH });
  await runWrk(url, STREAM, { connections: CONNECTIONS, seconds: SECONDS, core: CLIENT_CORE, headers: AUTH });
  await started.stop();
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  console.log(`\n## CPU profile of the ${target.name} launch under load (${join(dir, file ?? '')})\n`);
  console.log(file === undefined ? 'no profile written' : summarizeCpuProfile(join(dir, file)));
}

/**
 * Instructions per request and per stream under callgrind (deterministic where CPU time on a shared
 * machine is not), for the Koa baseline and both launches, two at a time (counts do not depend on
 * load). Node runs with --predictable (no background compiler or GC threads) so every instruction
 * is in the one counted thread.
 */
async function instructions(upstream: string, count: number): Promise<void> {
  requireValgrind();
  const targets = [baseline('bare Koa + undici', 'koa-proxy.ts'), gateway('switchyard default', undefined), gateway('switchyard secured', secured(['rate-limit', 'budget']))];
  const measureOne = async (target: Target, core: number): Promise<{ chat: InstructionCount; stream: InstructionCount }> => {
    const { wrapper, dir } = callgrindWrapper();
    const port = await freePort();
    const started = await target.start(port, upstream, { nodeArgs: ['--predictable'], wrapper, readyTimeoutMs: 600_000, core });
    const url = `http://127.0.0.1:${port}`;
    const send = async (body: string, n: number): Promise<void> => {
      const failed = await sendCount(url, body, { count: n, concurrency: 8, headers: AUTH });
      if (failed > 0) throw new Error(`${target.name}: ${failed} of ${n} requests failed`);
    };
    try {
      process.stderr.write(`${target.name}: warming up under valgrind\n`);
      // Long enough that the request path is compiled before counting starts.
      await send(CHAT, count * 4);
      await send(STREAM, count * 3);
      await send(CHAT, count * 2);
      await countingOn(started.pid);
      await send(CHAT, count);
      await dumpCounts(started.pid, 'chat');
      await send(STREAM, count);
      await dumpCounts(started.pid, 'stream');
    } finally {
      await started.stop();
    }
    const [chat, stream] = await readDumps(dir);
    if (chat === undefined || stream === undefined) throw new Error(`${target.name}: callgrind wrote no counts in ${dir}`);
    return { chat, stream };
  };
  const results = new Map<string, { chat: InstructionCount; stream: InstructionCount }>();
  for (let i = 0; i < targets.length; i += 2) {
    const pair = targets.slice(i, i + 2);
    const counted = await Promise.all(pair.map((target, j) => measureOne(target, j === 0 ? GATEWAY_CORE : CLIENT_CORE)));
    pair.forEach((target, j) => results.set(target.name, counted[j]!));
  }
  const ref = results.get('bare Koa + undici');
  if (ref === undefined) return;
  const per = (c: InstructionCount): number => (c.total - c.jit) / count / 1000;
  const cell = (c: InstructionCount, base: InstructionCount): string => `${per(c).toFixed(0)}k (${(per(c) / per(base)).toFixed(2)}×)`;
  const names = [...results.keys()];
  console.log(`\n## Instructions per request under callgrind (${count} of each after warm-up; V8 compiling left out)\n`);
  console.log(`| | ${names.join(' | ')} |`);
  console.log(`|---|${names.map(() => '---').join('|')}|`);
  console.log(`| per chat request | ${names.map((n) => cell(results.get(n)!.chat, ref.chat)).join(' | ')} |`);
  console.log(`| per stream (20 chunks) | ${names.map((n) => cell(results.get(n)!.stream, ref.stream)).join(' | ')} |`);
  console.log(`| of all counted, V8 compiling | ${names.map((n) => { const r = results.get(n)!; return `${(((r.chat.jit + r.stream.jit) * 100) / (r.chat.total + r.stream.total)).toFixed(1)} %`; }).join(' | ')} |`);
  console.log('\nRatios are to "bare Koa + undici". Counts leave out the kernel, cache misses and time: a change that lowers them does less work, not necessarily in less time.');
}

async function soak(upstream: string, saturation: { readonly chat: number; readonly streams: number }): Promise<void> {
  const port = await freePort();
  const started = await gateway('full', secured(['rate-limit', 'budget'])).start(port, upstream);
  const url = `http://127.0.0.1:${port}`;
  // Each kind at 70 % of its own saturation: streams saturate lower than chat, and paced at the chat
  // rate they queued (first bytes seconds late) instead of measuring latency.
  const chatRate = Math.max(10, Math.round(saturation.chat * 0.7));
  const streamRate = Math.max(10, Math.round(saturation.streams * 0.7));
  console.log(`\n## soak: 5 minutes of the secured pipeline at 70 % of saturation; each minute 30 s of chat at ${chatRate}/s, then 30 s of streams at ${streamRate}/s`);
  // Each minute runs both kinds, so every minute's p99 compares with the first minute's like for like.
  const minutes: { chatP99: number; streamP99: number; rss: number }[] = [];
  try {
    for (let minute = 1; minute <= 5; minute++) {
      const t0 = performance.now();
      const chat = await runWrk(`${url}/v1/chat/completions`, CHAT, { connections: CONNECTIONS, seconds: 30, core: CLIENT_CORE, headers: AUTH, rate: chatRate });
      const streams = await runWrk(`${url}/v1/chat/completions`, STREAM, { connections: CONNECTIONS, seconds: 30, core: CLIENT_CORE, headers: AUTH, rate: streamRate });
      const rss = rssMiB(started.pid);
      minutes.push({ chatP99: chat.p99Ms, streamP99: streams.p99Ms, rss });
      console.log(
        `minute ${minute}: chat ${chat.rps.toFixed(0)}/s p50 ${chat.p50Ms.toFixed(2)} / p99 ${chat.p99Ms.toFixed(2)} ms, ` +
          `streams ${streams.rps.toFixed(0)}/s p50 ${streams.p50Ms.toFixed(2)} / p99 ${streams.p99Ms.toFixed(2)} ms (whole stream), ` +
          `RSS ${rss.toFixed(1)} MiB, errors ${chat.errors + streams.errors} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
      );
    }
  } finally {
    await started.stop();
  }
  const first = minutes[0];
  const last = minutes.at(-1);
  if (first === undefined || last === undefined) return;
  const worst = (pick: (m: (typeof minutes)[number]) => number): number => Math.max(...minutes.slice(1).map(pick)) / Math.max(1e-6, pick(first));
  console.log(
    `\nRSS minute 1 → 5: ${first.rss.toFixed(1)} → ${last.rss.toFixed(1)} MiB (${(last.rss - first.rss).toFixed(1)} MiB); ` +
      `worst p99 against minute 1: chat ${worst((m) => m.chatP99).toFixed(2)}×, streams ${worst((m) => m.streamP99).toFixed(2)}× (goal: ≤ 2×)`,
  );
}

async function main(): Promise<void> {
  const mode = process.argv[2] ?? '';
  if (mode !== '--instructions') requireWrk();
  pinSelf(CLIENT_CORE);
  console.log(`# switchyard bench — node ${process.version}; ${CAN_PIN ? 'targets pinned to core 0, wrk/upstream/client on core 1' : 'taskset missing: nothing pinned'}`);
  console.log(`# npm run bench -- ${mode}  (BENCH_SECONDS=${SECONDS} BENCH_ROUNDS=${ROUNDS} BENCH_CONNECTIONS=${CONNECTIONS} BENCH_PACED_RATE=${PACED_RATE}); a 0.5 KB chat request, 20-chunk streams`);
  console.log(`# every target runs on ${NODE_FLAGS.length === 0 ? "node's defaults" : `node ${NODE_FLAGS.join(' ')}`} (BENCH_NODE_FLAGS)`);
  const upstreamPort = await freePort();
  const upstream = await startNode([...TSX, join(PACKAGE_ROOT, 'test/bench/bench-upstream.ts'), String(upstreamPort)], { core: CLIENT_CORE });
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;
  try {
    if (mode === '--profile') return await profile(upstreamUrl, process.argv[3] ?? 'default');
    if (mode === '--instructions') return await instructions(upstreamUrl, Number(process.argv[3] ?? 2000));
    const koa = baseline('bare Koa + undici', 'koa-proxy.ts');
    if (mode === '--stages') {
      const alone = (stage: string): Target => gateway(stage, secured([stage]));
      await compare([gateway('upstream', secured([])), ...['rate-limit', 'budget', 'pii-redaction'].map(alone)], upstreamUrl, 'upstream');
      return;
    }
    const results = await compare(
      [baseline('node:http + undici', 'node-proxy.ts'), koa, gateway('switchyard default', undefined), gateway('switchyard secured', secured(['rate-limit', 'budget']))],
      upstreamUrl,
      'bare Koa + undici',
    );
    if (mode === '--soak') {
      const saturated = results.get('switchyard secured');
      await soak(upstreamUrl, { chat: saturated?.rps ?? 1000, streams: saturated?.streams ?? 500 });
    }
  } finally {
    await upstream.stop();
  }
}

await main();
