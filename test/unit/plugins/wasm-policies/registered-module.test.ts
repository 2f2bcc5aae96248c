import { expect } from 'chai';
import { PolicyOutputInvalid } from '../../../../plugins/wasm-policies/policy-contract.js';
import { PolicyQueueFull, PolicyRunnerClosed, PolicyTimeout } from '../../../../plugins/wasm-policies/policy-runner.js';
import { RegisteredModule } from '../../../../plugins/wasm-policies/registered-module.js';
import { FakeRunner, NO_CODE, recordOf } from '../../../support/wasm-fake-module.js';

const CONTINUE = '{"action":"continue"}';
/** What the wasm stage does with an answer: JSON with an `action`, or a failure. */
const parseAction = (output: string): unknown => {
  const value: unknown = JSON.parse(output);
  if (typeof value !== 'object' || value === null || !('action' in value)) throw new PolicyOutputInvalid('output / is not an action');
  return value;
};

describe('RegisteredModule', () => {
  const moduleWith = (runner: FakeRunner, disableAfter = 3) => {
    const disabled: string[] = [];
    const module = new RegisteredModule(recordOf({ name: 'guard' }), NO_CODE, runner, (m) => disabled.push(m.record.name), disableAfter);
    return { module, disabled };
  };
  const failure = (call: Promise<unknown>): Promise<unknown> => call.then(() => undefined, (err: unknown) => err);

  it('answers that are not a valid action count toward disabling the policy, like traps', async () => {
    const runner = new FakeRunner();
    runner.answer = () => Promise.resolve('this is not JSON');
    const { module, disabled } = moduleWith(runner);
    for (let i = 0; i < 2; i++) expect(await failure(module.call('on_request', '{}', parseAction))).to.be.instanceOf(SyntaxError);
    runner.answer = () => Promise.resolve('{"teleport":true}');
    expect(await failure(module.call('on_request', '{}', parseAction))).to.be.instanceOf(PolicyOutputInvalid);
    expect(module.disabled).to.equal(true);
    expect(disabled).to.deep.equal(['guard']);
    expect(module.stats).to.deep.include({ total: 3, succeeded: 0, failed: 3 });
    expect((await failure(module.call('on_request', '{}', parseAction)) as Error).message).to.contain('disabled');
  });

  it('a valid answer ends a run of failures', async () => {
    const runner = new FakeRunner();
    const { module } = moduleWith(runner);
    for (const output of ['garbage', 'garbage', CONTINUE, 'garbage', 'garbage']) {
      runner.answer = () => Promise.resolve(output);
      await failure(module.call('on_request', '{}', parseAction));
    }
    expect(module.disabled).to.equal(false);
  });

  it('calls that never ran (queue full, no worker free in time, closed) neither count nor end a run', async () => {
    const runner = new FakeRunner();
    const { module } = moduleWith(runner);
    const answers: (() => Promise<string>)[] = [
      () => Promise.reject(new PolicyTimeout(true, 100)),
      () => Promise.reject(new PolicyQueueFull(4)),
      () => Promise.reject(new PolicyTimeout(false, 100)),
      () => Promise.reject(new PolicyRunnerClosed()),
      () => Promise.reject(new PolicyTimeout(true, 100)),
    ];
    for (const answer of answers) {
      runner.answer = answer;
      await failure(module.call('on_request', '{}', parseAction));
      expect(module.disabled, 'two failures of the policy\'s own so far').to.equal(false);
    }
    runner.answer = () => Promise.reject(new Error('unreachable'));
    await failure(module.call('on_request', '{}', parseAction));
    expect(module.disabled, 'the third of its own').to.equal(true);
  });

  it('a retired version stays open while leased, and closes when the last lease is released', async () => {
    const runner = new FakeRunner();
    const { module } = moduleWith(runner);
    const first = module.lease();
    const second = module.lease();
    module.retire();
    first();
    first();
    expect(runner.closed, 'one lease still held (a release counts once)').to.equal(false);
    runner.answer = () => Promise.resolve(CONTINUE);
    expect(await module.call('on_request', '{}', parseAction)).to.deep.equal({ action: 'continue' });
    second();
    expect(runner.closed).to.equal(true);
    expect(() => module.lease()).to.throw(/closed; lease a version when you look it up/);
    expect(await failure(module.call('on_request', '{}', parseAction))).to.be.instanceOf(PolicyRunnerClosed);
  });

  it('a retired version nobody holds closes at once', () => {
    const runner = new FakeRunner();
    const { module } = moduleWith(runner);
    module.retire();
    expect(runner.closed).to.equal(true);
  });
});
