import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Machine instructions per request, counted by valgrind's callgrind: the same work counts the same
 * however busy or slow the machine is, where CPU time on a shared machine can swing several-fold
 * within a minute. A count is not a time (cache misses, other threads and the kernel are not in
 * it), so it is the figure to compare changes by when the timed bench is too noisy to tell.
 *
 * Instructions V8 spends compiling (TurboFan, Maglev, the parser) are shown apart and left out of
 * the per-request figure: after warm-up they are what is still tiering up, not the request path.
 */
export function requireValgrind(): void {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    throw new Error('--instructions counts with valgrind, which is not installed: apt-get install valgrind (Debian).', { cause: err });
  }
}

/** Starts the target under callgrind with counting off; `dir` receives one dump per phase. */
export function callgrindWrapper(): { readonly wrapper: readonly string[]; readonly dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sy-callgrind-'));
  return {
    dir,
    wrapper: ['valgrind', '-q', '--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${join(dir, 'cg.out')}`],
  };
}

export async function countingOn(pid: number): Promise<void> {
  await run('callgrind_control', ['-i', 'on', String(pid)]);
}

/** Dumps (and zeroes) the counts so far; dumps are numbered in the order they were taken. */
export async function dumpCounts(pid: number, label: string): Promise<void> {
  await run('callgrind_control', ['-d', label, String(pid)]);
}

export interface InstructionCount {
  readonly total: number;
  /** Of `total`, V8 compiling code. */
  readonly jit: number;
}

const JIT = /compiler::|maglev|turboshaft|Turboshaft|BytecodeGenerator|Parser|Scanner|Compiler|Assembler|RegisterAllocator|InstructionSelector|OptimizedCompilationJob/;
const ROW = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/;

/** The dumps in `dir`, in the order taken. */
export async function readDumps(dir: string): Promise<InstructionCount[]> {
  const dumps = readdirSync(dir)
    .filter((f) => /^cg\.out\.\d+$/.test(f))
    .sort((a, b) => Number(a.split('.').at(-1)) - Number(b.split('.').at(-1)));
  const counts: InstructionCount[] = [];
  for (const file of dumps) {
    const { stdout } = await run('callgrind_annotate', ['--threshold=100', join(dir, file)], { maxBuffer: 256 * 1024 * 1024 });
    let total = 0;
    let jit = 0;
    for (const line of stdout.split('\n')) {
      const row = ROW.exec(line);
      if (row === null) continue;
      const n = Number((row[1] ?? '0').replaceAll(',', ''));
      const name = row[2] ?? '';
      if (name.includes('PROGRAM TOTALS')) total = n;
      else if (JIT.test(name)) jit += n;
    }
    counts.push({ total, jit });
  }
  return counts;
}
