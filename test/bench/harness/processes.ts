import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** `taskset` pins a process to a core (gateway on 0; load generator, upstream and client on 1). */
export const CAN_PIN = existsSync('/usr/bin/taskset');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Pins this very process (the bench client) to a core. */
export function pinSelf(core: number): void {
  if (CAN_PIN) execFileSync('taskset', ['-cp', String(core), String(process.pid)], { stdio: 'ignore' });
}

export interface Started {
  readonly child: ChildProcess;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly core: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly ready?: () => Promise<boolean>;
  /** A command the node process runs under (valgrind …); it must exec node in the same process. */
  readonly wrapper?: readonly string[];
  /** How long to wait for "ready" (default 30 s; a process under valgrind needs minutes). */
  readonly readyTimeoutMs?: number;
}

/** A node process on `core`, resolved once it prints "ready" or `ready()` says so. */
export async function startNode(args: readonly string[], options: StartOptions): Promise<Started> {
  const wrapped = [...(options.wrapper ?? []), process.execPath, ...args];
  const [command, ...argv] = CAN_PIN ? ['taskset', '-c', String(options.core), ...wrapped] : wrapped;
  if (command === undefined) throw new Error('nothing to start');
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...options.env } });
  let printed = '';
  child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const until = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}): ${args.join(' ')}`);
    if (printed.includes('ready\n') || (options.ready !== undefined && (await options.ready().catch(() => false)))) break;
    if (Date.now() > until) throw new Error(`not ready in time: ${args.join(' ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid ?? 0;
  return {
    child,
    pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** CPU time (user + system) a process has used, in ms. */
export function cpuMs(pid: number): number {
  const fields = statFields(pid);
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** /proc/PID/stat after the command name (which may hold spaces), split into fields. */
function statFields(pid: number): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
}

/** Minor page faults a process has taken (each costly on a VM: see README "Performance today"). */
export function minorFaults(pid: number): number {
  return Number(statFields(pid)[7]);
}

export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '0';
  return Number(line.replace(/\D/g, '')) / 1024;
}
