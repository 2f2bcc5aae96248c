/**
 * Child process for the trap memory test (and a figure to print by hand): traps a component
 * policy `traps` times after `warmup` traps and prints one JSON line with the memory before and
 * after, in bytes, and the RSS every `every` traps. Run with `node --expose-gc --import tsx
 * test/support/wasm-trap-memory.ts <inline|isolated> <warmup> <traps> <every>`: this thread's garbage
 * is collected before each reading, so what its heap grew is what it retains. An isolated
 * runner's instances live in its worker, which only the RSS sees, garbage included (a worker
 * cannot be made to collect): a leak shows as steady growth across the readings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import { loadSchemaValidators } from '../../core/schema/schema-validators.js';
import { createInlineRunner, createIsolatedRunner, type PolicyRunner } from '../../plugins/wasm-policies/policy-runner.js';
import { prepareModule } from '../../plugins/wasm-policies/prepare-module.js';
import { standaloneWasmConfig } from '../../plugins/wasm-policies/standalone-config.js';

export interface TrapMemory {
  readonly mode: 'inline' | 'isolated';
  readonly traps: number;
  readonly heapBefore: number;
  readonly heapAfter: number;
  readonly rssBefore: number;
  readonly rssAfter: number;
  /** The RSS before the first trap counted and after every `readingEvery` traps. */
  readonly rssReadings: readonly number[];
  readonly readingEvery: number;
}

const [modeArg = 'inline', warmupArg = '500', trapsArg = '3000', everyArg = '500'] = process.argv.slice(2);
const readingEvery = Number(everyArg);
const mode = modeArg === 'isolated' ? 'isolated' : 'inline';
const collect = (): void => {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  globalThis.gc();
  globalThis.gc();
};
const reading = (): { heap: number; rss: number } => {
  collect();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed + usage.external, rss: usage.rss };
};

const { code } = await prepareModule(readFileSync(join(PACKAGE_ROOT, 'wasm-modules/fixtures/component-trap.wasm')), standaloneWasmConfig(loadSchemaValidators()));
const runner: PolicyRunner = mode === 'inline' ? createInlineRunner(code) : createIsolatedRunner(code, 1, { timeoutMs: 60_000, maxQueued: 1 });
await runner.ready();
// The fixture traps on a "!"; every call is a trap, and the instance is rebuilt after each.
const trap = async (times: number): Promise<void> => {
  for (let i = 0; i < times; i++) {
    const failed = await runner.call('on_request', '{"x":"!"}').then(() => false, () => true);
    if (!failed) throw new Error('the fixture did not trap');
  }
};
await trap(Number(warmupArg));
const before = reading();
const rssReadings = [before.rss];
for (let done = 0; done < Number(trapsArg); done += readingEvery) {
  await trap(Math.min(readingEvery, Number(trapsArg) - done));
  rssReadings.push(reading().rss);
}
const after = reading();
await runner.close();
const result: TrapMemory = { mode, traps: Number(trapsArg), heapBefore: before.heap, heapAfter: after.heap, rssBefore: before.rss, rssAfter: after.rss, rssReadings, readingEvery };
console.log(JSON.stringify(result));
