import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../../core/package-root.js';
import { loadSchemaValidators } from '../../../../core/schema/schema-validators.js';
import { createInlineRunner, createIsolatedRunner, neverStarted, PolicyQueueFull, PolicyRunnerClosed, PolicyTimeout } from '../../../../plugins/wasm-policies/policy-runner.js';
import type { PolicyCode } from '../../../../plugins/wasm-policies/policy-code.js';
import { prepareModule } from '../../../../plugins/wasm-policies/prepare-module.js';
import { standaloneWasmConfig } from '../../../../plugins/wasm-policies/standalone-config.js';

const CONFIG = standaloneWasmConfig(loadSchemaValidators());
const codeOf = async (fixture: string): Promise<PolicyCode> => (await prepareModule(readFileSync(join(PACKAGE_ROOT, 'wasm-modules/fixtures', fixture)), CONFIG)).code;
const CONTINUE = '{"action":"continue"}';
const outcome = (call: Promise<string>): Promise<string | Error> => call.catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));

describe('policy runners: limits and closing', function () {
  // A safety net against a hang only: booting a policy's workers takes seconds on a loaded machine.
  this.timeout(120_000);

  it('isolated: the time limit counts from the call, so calls queued behind a loop fail without running', async () => {
    const runner = createIsolatedRunner(await codeOf('loop.wasm'), 1, { timeoutMs: 400, maxQueued: 16 });
    await runner.ready();
    // All made at once: one runs, nine wait for the one worker. Their limits end with the first's,
    // before any replacement worker could boot, so they fail as timeouts without ever running
    // (before, each waited its turn and then got a fresh 400 ms of its own).
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => outcome(runner.call('on_request', '{}'))));
    expect(outcomes.every((o) => o instanceof PolicyTimeout)).to.equal(true);
    const started = outcomes.filter((o) => o instanceof PolicyTimeout && o.started).length;
    expect(started, 'calls that ran').to.be.within(1, 2);
    expect(outcomes.filter((o) => o instanceof PolicyTimeout && !o.started && neverStarted(o))).to.have.length(10 - started);
    await runner.close();
  });

  it('isolated: a full queue refuses at once; the refusal is not the policy\'s fault', async () => {
    const runner = createIsolatedRunner(await codeOf('loop.wasm'), 1, { timeoutMs: 400, maxQueued: 2 });
    await runner.ready();
    const calls = Array.from({ length: 5 }, () => outcome(runner.call('on_request', '{}')));
    const outcomes = await Promise.all(calls);
    expect(outcomes.map((o) => (o instanceof Error ? o.name : o))).to.deep.equal(['PolicyTimeout', 'PolicyTimeout', 'PolicyTimeout', 'PolicyQueueFull', 'PolicyQueueFull']);
    expect(outcomes.slice(3).every((o) => o instanceof PolicyQueueFull && neverStarted(o))).to.equal(true);
    await runner.close();
  });

  it('isolated: close() lets every call already made finish, then refuses new ones', async () => {
    const runner = createIsolatedRunner(await codeOf('passthrough.wasm'), 1, { timeoutMs: 10_000, maxQueued: 16 });
    await runner.ready();
    const calls = Array.from({ length: 5 }, () => outcome(runner.call('on_request', '{}')));
    const closed = runner.close();
    const late = await outcome(runner.call('on_request', '{}'));
    // Before, the four still waiting were rejected with "policy runner closed".
    expect(await Promise.all(calls)).to.deep.equal(Array.from({ length: 5 }, () => CONTINUE));
    await closed;
    expect(late).to.be.instanceOf(PolicyRunnerClosed);
  });

  it('isolated: close() during a call that runs into its limit waits for it and ends the runner cleanly', async () => {
    const runner = createIsolatedRunner(await codeOf('loop.wasm'), 2, { timeoutMs: 300, maxQueued: 16 });
    await runner.ready();
    const looping = outcome(runner.call('on_request', '{}'));
    await runner.close();
    const result = await looping;
    expect(result).to.be.instanceOf(PolicyTimeout);
    expect(result instanceof PolicyTimeout && result.started).to.equal(true);
  });

  it('inline: at most maxQueued calls wait behind the running one', async () => {
    const runner = createInlineRunner(await codeOf('passthrough.wasm'), { timeoutMs: 10_000, maxQueued: 2 });
    await runner.ready();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => outcome(runner.call('on_request', '{}'))));
    expect(outcomes.map((o) => (o instanceof Error ? o.name : o))).to.deep.equal([CONTINUE, CONTINUE, CONTINUE, 'PolicyQueueFull', 'PolicyQueueFull']);
    await runner.close();
    expect(await outcome(runner.call('on_request', '{}'))).to.be.instanceOf(PolicyRunnerClosed);
  });
});
