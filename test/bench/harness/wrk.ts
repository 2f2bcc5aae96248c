import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAN_PIN } from './processes.js';

export interface LoadResult {
  readonly requests: number;
  readonly rps: number;
  readonly errors: number;
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

export function runWrk(url: string, body: string, options: { connections: number; seconds: number; core: number; headers?: Readonly<Record<string, string>> }): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-wrk-'));
  const script = join(dir, 'post.lua');
  const headers = { 'Content-Type': 'application/json', ...options.headers };
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      `wrk.body = ${JSON.stringify(body)}`,
      ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`),
    ].join('\n'),
  );
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '-s', script, url];
  const [command, argv] = CAN_PIN ? ['taskset', ['-c', String(options.core), 'wrk', ...args]] : ['wrk', args];
  return new Promise((resolve, reject) => {
    execFile(command, argv, { timeout: (options.seconds + 30) * 1000 }, (err, stdout) => {
      if (err) return reject(new Error(`wrk failed: ${err.message}`));
      const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0);
      const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0) + Number(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)?.slice(1).reduce((a, b) => a + Number(b), 0) ?? 0);
      resolve({ requests, rps, errors });
    });
  });
}
