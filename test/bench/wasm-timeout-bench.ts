/**
 * `npx tsx test/bench/wasm-timeout-bench.ts`: how long callers of a looping policy wait, against its
 * limit, when many call at once (a pool of 2 workers, as registered policies get). The limit counts
 * from the call, so every caller should have its answer near `timeout_ms`, however many wait.
 * Prints figures; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import { loadSchemaValidators } from '../../core/schema/schema-validators.js';
import { createIsolatedRunner, PolicyQueueFull, PolicyTimeout } from '../../plugins/wasm-policies/policy-runner.js';
import { prepareModule } from '../../plugins/wasm-policies/prepare-module.js';
import { standaloneWasmConfig } from '../../plugins/wasm-policies/standalone-config.js';
import { percentile } from './percentiles.js';

const TIMEOUT_MS = Number(process.env['BENCH_WASM_TIMEOUT_MS'] ?? 100);
const WORKERS = 2;
const MAX_QUEUED = 256;
const { code } = await prepareModule(readFileSync(join(PACKAGE_ROOT, 'wasm-modules/fixtures/loop.wasm')), standaloneWasmConfig(loadSchemaValidators()));

console.log(`# switchyard wasm timeout bench — node ${process.version}, loop.wasm, ${WORKERS} workers, timeout_ms ${TIMEOUT_MS}, max_queued_calls ${MAX_QUEUED} (ms from call to answer)`);
console.log(`${'concurrent'.padEnd(11)} ${'p50'.padStart(7)} ${'max'.padStart(7)}  ran · not started · queue full`);
for (const concurrent of [1, 10, 50, 500]) {
  const runner = createIsolatedRunner(code, WORKERS, { timeoutMs: TIMEOUT_MS, maxQueued: MAX_QUEUED });
  await runner.ready();
  const waits: number[] = [];
  let ran = 0;
  let notStarted = 0;
  let queueFull = 0;
  await Promise.all(
    Array.from({ length: concurrent }, async () => {
      const started = performance.now();
      const err = await runner.call('on_request', '{}').then(() => undefined, (e: unknown) => e);
      waits.push(performance.now() - started);
      if (err instanceof PolicyTimeout) {
        if (err.started) ran += 1;
        else notStarted += 1;
      } else if (err instanceof PolicyQueueFull) queueFull += 1;
    }),
  );
  await runner.close();
  waits.sort((a, b) => a - b);
  console.log(`${String(concurrent).padEnd(11)} ${percentile(waits, 50).toFixed(0).padStart(7)} ${percentile(waits, 100).toFixed(0).padStart(7)}  ${ran} · ${notStarted} · ${queueFull}`);
}
