import { expect } from 'chai';
import { pino } from 'pino';
import { runAttachedPolicies } from '../../../../plugins/wasm-policies/attached-policies-stage.js';
import { POLICY_ACTION_SCHEMA_ID } from '../../../../plugins/wasm-policies/policy-contract.js';
import { releaseLeases } from '../../../../plugins/wasm-policies/wasm-stage.js';
import { RegisteredModule } from '../../../../plugins/wasm-policies/registered-module.js';
import { buildExchange } from '../../../support/build-exchange.js';
import { testValidators } from '../../../support/start-gateway.js';
import { FakeRunner, NO_CODE, recordOf } from '../../../support/wasm-fake-module.js';

const CONTINUE = '{"action":"continue"}';

describe('attached policies stage', () => {
  it('a policy replaced while an earlier one runs still serves the request that started before the swap', async () => {
    const first = new FakeRunner();
    const second = new FakeRunner();
    second.answer = () => Promise.resolve(CONTINUE);
    const modules = [new RegisteredModule(recordOf({ name: 'a-first' }), NO_CODE, first), new RegisteredModule(recordOf({ name: 'b-second' }), NO_CODE, second)];
    const x = buildExchange();
    let reachedNext = false;
    const checkOutput = testValidators().ingressCheck(POLICY_ACTION_SCHEMA_ID);
    const handled = runAttachedPolicies(modules, x, () => Promise.resolve(void (reachedNext = true)), { config: {}, max_input_bytes: 1 << 20 }, checkOutput, pino({ level: 'silent' }));

    await first.called();
    // A new version of b-second is registered while a-first's OnRequest runs: the registry retires
    // this one. Before, the request had not leased it yet, so it closed here and the request then
    // met "policy runner closed" (503).
    modules[1]!.retire();
    expect(second.closed, 'the request that will reach it holds it').to.equal(false);
    first.answerNext(CONTINUE);
    await handled;
    expect(reachedNext).to.equal(true);
    expect(modules[1]!.stats.succeeded).to.equal(1);
    releaseLeases(x);
    expect(second.closed, 'closed once the response ended').to.equal(true);
    expect(first.closed, 'the current version stays open').to.equal(false);
  });
});
