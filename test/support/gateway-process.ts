import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../core/package-root.js';

// tsx by its resolved URL, as test/integration/cli.test.ts runs the CLI.
const CLI = ['--import', import.meta.resolve('tsx'), join(PACKAGE_ROOT, 'bin', 'switchyard.ts')];

export interface GatewayProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (its log lines). */
  output(): string;
  /** SIGTERM (drain) and wait for the exit; its code. */
  stop(): Promise<number | string | null>;
  /** SIGKILL: no drain, no goodbye. */
  kill(): Promise<void>;
}

/**
 * A real `switchyard launch` process serving `config` (written to a temp JSON file) with extra
 * flags; resolves once it logged that it listens. Fails with its output when it exits first.
 */
export async function startGatewayProcess(config: Record<string, unknown>, flags: readonly string[] = [], deadlineMs = 180_000): Promise<GatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-proc-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, [...CLI, 'launch', '--config', file, '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not listen within ${deadlineMs} ms: ${out}`)), deadlineMs);
    const look = (): void => {
      const match = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"switchyard listening"/.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      resolve(match[1]!);
    };
    child.stdout.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited (${String(code)}) before listening: ${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
