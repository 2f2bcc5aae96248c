import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchemaValidators } from '../../../../core/schema/schema-validators.js';
import { standaloneWasmConfig } from '../../../../plugins/wasm-policies/standalone-config.js';
import { PACKAGE_ROOT } from '../../../../core/package-root.js';
import { createInlineRunner, createIsolatedRunner, PolicyTimeout } from '../../../../plugins/wasm-policies/policy-runner.js';
import { ModuleRejected, prepareModule } from '../../../../plugins/wasm-policies/prepare-module.js';
import { dummyComponent } from '../../../support/dummy-component.js';
import { withNativeStringSizing } from '../../../../plugins/wasm-policies/component-bindings.js';

const CONFIG = standaloneWasmConfig(loadSchemaValidators());
const fixture = (name: string) => readFileSync(join(PACKAGE_ROOT, 'wasm-modules', name));
const CONTINUE = '{"action":"continue"}';
const SIGNATURE = 'func(input: string) -> result<string, string>';

describe('component transport (jco)', function () {
  // A safety net against a hang only: booting a policy's workers takes seconds on a loaded machine.
  this.timeout(120_000);

  it('prepares a component: its exports become its phases, its core modules are compiled', async () => {
    const prepared = await prepareModule(fixture('examples/secret-redactor/secret-redactor.wasm'), CONFIG);
    expect(prepared.transport).to.equal('component');
    expect([...prepared.phases].sort()).to.deep.equal(['on_request', 'on_response', 'on_stream_chunk']);
    expect(prepared.coreModules.length).to.be.greaterThan(0);
    expect(prepared.code.transport).to.equal('component');
  });

  for (const [what, world] of [
    ['a function import', `import leak: func(data: string);\nexport on-request: ${SIGNATURE};`],
    ['an interface import', `import host;\nexport on-request: ${SIGNATURE};`],
    ['another signature', 'export on-request: func(input: string) -> string;'],
    ['another export', `export on-request: ${SIGNATURE};\nexport backdoor: func();`],
    ['an interface export', `export host;`],
    ['no policy export', 'export hello: func() -> u32;'],
  ] as const) {
    it(`refuses a component with ${what} before any binding is generated`, async () => {
      const bytes = await dummyComponent(world, 'interface host { fetch: func(url: string) -> string; }');
      const refused = await prepareModule(bytes, CONFIG).then(() => undefined, (err: unknown) => err);
      expect(refused).to.be.instanceOf(ModuleRejected);
      expect((refused as Error).message).to.match(/not a switchyard:policy world/);
    });
  }

  it('refuses bytes that claim to be a component but are not one', async () => {
    const bogus = Buffer.concat([Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]), Buffer.from('not really')]);
    const refused = await prepareModule(bogus, CONFIG).then(() => undefined, (err: unknown) => err);
    expect(refused).to.be.instanceOf(ModuleRejected);
  });

  for (const mode of ['inline', 'isolated'] as const) {
    describe(`runs ${mode}`, () => {
      // Booted before the first call, with a limit no loaded machine reaches: these are not about time.
      const runnerOf = async (name: string) => {
        const { code } = await prepareModule(fixture(`fixtures/component-${name}.wasm`), CONFIG);
        const runner = mode === 'inline' ? createInlineRunner(code) : createIsolatedRunner(code, 1, { timeoutMs: 10_000, maxQueued: 16 });
        await runner.ready();
        return runner;
      };

      it('answers; `err` is a failure; a trap is a failure and the instance is rebuilt', async () => {
        const passthrough = await runnerOf('passthrough');
        expect(await passthrough.call('on_request', '{"body":{}}')).to.equal(CONTINUE);
        await passthrough.close();

        const err = await runnerOf('err');
        const failed = await err.call('on_request', '{}').then(() => undefined, (e: unknown) => e as Error);
        expect(failed?.message).to.equal('the policy answered err: the component said no');
        await err.close();

        const trap = await runnerOf('trap');
        const trapped = await trap.call('on_request', '{"x":"!"}').then(() => undefined, (e: unknown) => e as Error);
        expect(trapped?.message).to.match(/unreachable/);
        expect(await trap.call('on_request', '{"x":"fine"}'), 'a fresh instance after the trap').to.equal(CONTINUE);
        await trap.close();
      });

      it('a missing export, memory growth past the cap and a flood of output all fail', async () => {
        const passthrough = await runnerOf('passthrough');
        expect((await passthrough.call('on_error', '{}').then(() => '', (e: unknown) => (e as Error).message))).to.equal('the component does not export on-error');
        await passthrough.close();
        const grow = await runnerOf('grow');
        expect(await grow.call('on_request', '{}').then(() => '', (e: unknown) => (e as Error).message)).to.match(/unreachable/);
        await grow.close();
        const flood = await runnerOf('flood');
        expect(await flood.call('on_request', '{}').then(() => '', (e: unknown) => (e as Error).message)).to.equal('output of 2097152 bytes exceeds 1048576');
        await flood.close();
      });
    });
  }

  it('isolated: an endless loop is cut at the timeout and the worker respawned', async () => {
    const { code } = await prepareModule(fixture('fixtures/component-loop.wasm'), CONFIG);
    const runner = createIsolatedRunner(code, 1, { timeoutMs: 150, maxQueued: 16 });
    for (const call of ['first', 'on the respawned worker']) {
      await runner.ready();
      const outcome = await runner.call('on_request', '{}').then(() => undefined, (e: unknown) => e);
      expect(outcome, call).to.be.instanceOf(PolicyTimeout);
      expect(outcome instanceof PolicyTimeout && outcome.started, `${call}: it ran and was cut`).to.equal(true);
    }
    await runner.close();
  });
});

describe('component bindings', () => {
  it('the pinned jco\'s string sizing loop is replaced by a native count, and strings still cross intact', async () => {
    const { transpile } = await import('@bytecodealliance/jco');
    const output = await transpile(fixture('examples/secret-redactor/secret-redactor.wasm'), { name: 'policy', instantiation: 'sync', noTypescript: true, base64Cutoff: 0, quiet: true });
    const generated = Buffer.from(output.files['policy.js']!).toString('utf8');
    const { patched, bindings } = withNativeStringSizing(generated);
    expect(patched, 'a jco upgrade changed the bindings: re-measure and update component-bindings.ts').to.equal(true);
    expect(bindings).to.contain("Buffer.byteLength(s, 'utf8')");
    expect(withNativeStringSizing('unrelated text')).to.deep.equal({ bindings: 'unrelated text', patched: false });

    // Through the patched bindings: multi-byte text, astral characters and JSON-escaped lone
    // surrogates come back byte for byte (the redactor rewrites only the key between them).
    const { code } = await prepareModule(fixture('examples/secret-redactor/secret-redactor.wasm'), CONFIG);
    const runner = createInlineRunner(code);
    const text = 'héllo — 日本語 🚀 \ud800 sk-abcdefghijklmnopqrstuvwxyz 𝄞 end';
    const output2 = await runner.call('on_request', JSON.stringify({ body: { content: text }, config: {} }));
    expect(JSON.parse(output2)).to.deep.equal({ action: 'modify', body: { content: text.replace('sk-abcdefghijklmnopqrstuvwxyz', '[redacted]') } });
    await runner.close();
  });
});
