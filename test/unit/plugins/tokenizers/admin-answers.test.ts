import { expect } from 'chai';
import { answerGet, answerList, answerRegister, answerRemove, answerStatus } from '../../../../plugins/tokenizers/admin-answers.js';
import type { LoadedTokenizer } from '../../../../plugins/tokenizers/tokenizer-contract.js';
import { TokenizerFormatError } from '../../../../plugins/tokenizers/tokenizer-errors.js';
import { TokenizerRegistry } from '../../../../plugins/tokenizers/tokenizer-registry.js';
import { resolveTokenizersConfig } from '../../../../plugins/tokenizers/tokenizers-config.js';

const tiny: LoadedTokenizer = {
  kind: 'huggingface',
  vocabSize: 128_256,
  specialTokens: { bos: undefined, eos: undefined, pad: undefined, unk: undefined },
  chatTemplates: { default: undefined, named: new Map() },
  fallbackChatFormat: undefined,
  encode: () => [],
  decode: () => '',
};

describe('tokenizer admin answers (SMG shapes)', () => {
  let ids = 0;
  const registry = (): TokenizerRegistry =>
    new TokenizerRegistry(resolveTokenizersConfig(), {
      createId: () => `id-${String(++ids)}`,
      load: (spec) => (spec.source.includes('bad') ? Promise.reject(new TokenizerFormatError('tokenizer.json is not valid JSON')) : Promise.resolve(tiny)),
    });

  it("POST answers 202 with SMG's AddTokenizerResponse, 409 (OpenAI error + SMG's fields) for a taken name, 400 for a bad body", () => {
    const tokenizers = registry();
    const created = answerRegister(tokenizers, { name: 'llama3', source: '/m/llama3/tokenizer.json' });
    expect(created.status).to.equal(202);
    expect(created.body).to.deep.equal({ id: 'id-1', status: 'pending', message: "Tokenizer 'llama3' registration job submitted. Loading from: /m/llama3/tokenizer.json" });
    expect(answerRegister(tokenizers, { name: 'llama3', source: 'o200k_base' })).to.deep.equal({
      status: 409,
      body: {
        error: { message: "Tokenizer 'llama3' already exists: DELETE /v1/tokenizers/id-1 first, or choose another name", type: 'invalid_request_error', code: 'tokenizer_exists', param: null },
        id: 'id-1',
        status: 'failed',
        message: "Tokenizer 'llama3' already exists",
      },
    });
    expect(answerRegister(tokenizers, { name: 'x' }).status).to.equal(400);
    expect(answerRegister(tokenizers, []).status).to.equal(400);
  });

  it('GET status maps our states to SMG job words and carries the reason of a failure', async () => {
    const tokenizers = registry();
    const good = tokenizers.register({ name: 'good', source: '/good.json' });
    const bad = tokenizers.register({ name: 'bad', source: '/bad.json' });
    expect(answerStatus(tokenizers, 'good').body).to.include({ id: good.id, status: 'pending', state: 'pending' });
    await tokenizers.settled('bad');
    expect(answerStatus(tokenizers, good.id)).to.deep.equal({
      status: 200,
      body: { id: good.id, status: 'completed', state: 'ready', message: "Tokenizer 'good' is loaded and ready", vocab_size: 128_256 },
    });
    expect(answerStatus(tokenizers, 'bad').body).to.deep.equal({
      id: bad.id,
      status: 'failed',
      state: 'failed',
      message: 'tokenizer.json is not valid JSON',
      reason: 'tokenizer.json is not valid JSON',
    });
    expect(answerStatus(tokenizers, 'nope')).to.deep.equal({
      status: 404,
      body: { error: { message: "Tokenizer 'nope' not found and no pending job (GET /v1/tokenizers lists them)", type: 'not_found_error', code: 'not_found', param: null } },
    });
  });

  it('GET one and the list give TokenizerInfo (vocab_size null until loaded), by id or name', async () => {
    const tokenizers = registry();
    const record = tokenizers.register({ name: 'good', source: '/good.json' });
    expect(answerGet(tokenizers, 'good').body).to.deep.equal({ id: record.id, name: 'good', source: '/good.json', vocab_size: null, status: 'pending' });
    await tokenizers.settled('good');
    expect(answerList(tokenizers)).to.deep.equal({
      status: 200,
      body: { tokenizers: [{ id: record.id, name: 'good', source: '/good.json', vocab_size: 128_256, status: 'ready' }] },
    });
    expect(answerGet(tokenizers, 'x')).to.deep.equal({
      status: 404,
      body: { error: { message: "Tokenizer 'x' not found (GET /v1/tokenizers lists them)", type: 'not_found_error', code: 'tokenizer_not_found', param: null } },
    });
  });

  it("DELETE answers SMG's RemoveTokenizerResponse", () => {
    const tokenizers = registry();
    tokenizers.register({ name: 'good', source: '/good.json' });
    expect(answerRemove(tokenizers, 'good')).to.deep.equal({ status: 200, body: { success: true, message: "Tokenizer 'good' removed successfully" } });
    expect(answerRemove(tokenizers, 'good')).to.deep.equal({
      status: 404,
      body: {
        error: { message: "Tokenizer 'good' not found (GET /v1/tokenizers lists them)", type: 'not_found_error', code: 'tokenizer_not_found', param: null },
        success: false,
        message: "Tokenizer 'good' not found",
      },
    });
  });
});
