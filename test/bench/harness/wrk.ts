import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAN_PIN } from './processes.js';

export interface LoadResult {
  readonly requests: number;
  readonly rps: number;
  readonly errors: number;
  /** Whole-response latency percentiles, ms (wrk --latency). */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * wrk (C, cheap) as the load generator, pinned to the client core: `connections` keep-alive
 * connections POSTing `body` for `seconds`. Non-2xx answers count as errors.
 */
/** Fails at once, saying how to get wrk, rather than a round into the run. */
export function requireWrk(): void {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    // wrk --version exits 1 after printing; only a missing binary is an error here.
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') throw new Error('The bench drives load with wrk, which is not installed: apt-get install wrk (Debian) or brew install wrk.', { cause: err });
  }
}

/**
 * With `rate`, each connection waits between its requests so that all of them together send about
 * `rate` requests per second (wrk's `delay()`; the wait does not count the response's own time, so
 * the rate reached is a little lower: read `rps`). A C client paces far higher rates than a node one
 * sharing its core with the upstream could.
 */
export function runWrk(url: string, body: string, options: { connections: number; seconds: number; core: number; headers?: Readonly<Record<string, string>>; rate?: number }): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-wrk-'));
  const script = join(dir, 'post.lua');
  const headers = { 'Content-Type': 'application/json', ...options.headers };
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      `wrk.body = ${JSON.stringify(body)}`,
      ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`),
      ...(options.rate === undefined ? [] : [`function delay() return ${((1000 * options.connections) / options.rate).toFixed(3)} end`]),
    ].join('\n'),
  );
  const args = ['-t1', '--latency', `-c${options.connections}`, `-d${options.seconds}s`, '-s', script, url];
  const [command, argv] = CAN_PIN ? ['taskset', ['-c', String(options.core), 'wrk', ...args]] : ['wrk', args];
  return new Promise((resolve, reject) => {
    execFile(command, argv, { timeout: (options.seconds + 30) * 1000 }, (err, stdout) => {
      if (err) return reject(new Error(`wrk failed: ${err.message}`));
      const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0);
      const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0) + Number(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)?.slice(1).reduce((a, b) => a + Number(b), 0) ?? 0);
      resolve({ requests, rps, errors, p50Ms: percentileMs(stdout, '50'), p99Ms: percentileMs(stdout, '99') });
    });
  });
}

/** A percentile from wrk's "Latency Distribution" (`  99%    4.52ms`), in ms. */
function percentileMs(stdout: string, percent: string): number {
  const match = new RegExp(`^\\s*${percent}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(stdout);
  if (match === null) return Number.NaN;
  const scale: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
  return Number(match[1]) * (scale[match[2] ?? 'ms'] ?? 1);
}
