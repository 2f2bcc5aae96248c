/**
 * `npm run bench:wasm`: what one policy call costs, per transport (Extism, component), mode (inline,
 * isolated worker) and input size (1 KB, 10 KB, 100 KB), for policies that only answer (transport
 * cost: input in, action out) and for the two maskers (which read every byte). Prints figures;
 * asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import { loadSchemaValidators } from '../../core/schema/schema-validators.js';
import { standaloneWasmConfig } from '../../plugins/wasm-policies/standalone-config.js';
import { createInlineRunner, createIsolatedRunner, type PolicyRunner } from '../../plugins/wasm-policies/policy-runner.js';
import { prepareModule } from '../../plugins/wasm-policies/prepare-module.js';

const CALLS = Number(process.env['BENCH_WASM_CALLS'] ?? 300);
const SIZES = [1024, 10 * 1024, 100 * 1024];
const POLICIES = {
  passthrough: 'wasm-modules/fixtures/passthrough.wasm',
  'passthrough (component)': 'wasm-modules/fixtures/component-passthrough.wasm',
  'pii-masker': 'wasm-modules/examples/pii-masker/pii-masker.wasm',
  'secret-redactor (component)': 'wasm-modules/examples/secret-redactor/secret-redactor.wasm',
};
const CONFIG = standaloneWasmConfig(loadSchemaValidators());

function inputOf(bytes: number): string {
  const filler = 'lorem ipsum dolor sit amet, mail a@b.co sk-abcdefghijklmnopqrstuvwx '.repeat(Math.ceil(bytes / 69)).slice(0, bytes);
  return JSON.stringify({ phase: 'on_request', route: '/v1/chat/completions', body: { messages: [{ role: 'user', content: filler }] }, request_id: 'bench', config: {} });
}

async function measure(runner: PolicyRunner, input: string): Promise<number> {
  await runner.ready();
  for (let i = 0; i < 20; i++) await runner.call('on_request', input);
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await runner.call('on_request', input);
  return ((performance.now() - started) * 1000) / CALLS;
}

console.log(`# switchyard wasm bench — node ${process.version}, @extism/extism 1.0.3, @bytecodealliance/jco 1.35.0, ${CALLS} sequential calls per cell (µs per call)`);
console.log(`${'policy'.padEnd(28)} ${'mode'.padEnd(9)} ${SIZES.map((s) => `${s / 1024} KB`.padStart(10)).join('')}`);
for (const [name, path] of Object.entries(POLICIES)) {
  const { code } = await prepareModule(readFileSync(join(PACKAGE_ROOT, path)), CONFIG);
  for (const mode of ['inline', 'isolated'] as const) {
    const runner = mode === 'inline' ? createInlineRunner(code) : createIsolatedRunner(code, 1, { timeoutMs: 10_000, maxQueued: 0 });
    const cells: string[] = [];
    for (const size of SIZES) cells.push((await measure(runner, inputOf(size))).toFixed(0).padStart(10));
    await runner.close();
    console.log(`${name.padEnd(28)} ${mode.padEnd(9)} ${cells.join('')}`);
  }
}
