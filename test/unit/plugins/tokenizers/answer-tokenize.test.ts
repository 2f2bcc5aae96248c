import { expect } from 'chai';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../../core/package-root.js';
import { answerDetokenize, answerTokenize } from '../../../../plugins/tokenizers/answer-tokenize.js';
import { TokenizerRegistry } from '../../../../plugins/tokenizers/tokenizer-registry.js';
import { TokenizerRequestError } from '../../../../plugins/tokenizers/tokenizer-request-error.js';
import { resolveTokenizersConfig } from '../../../../plugins/tokenizers/tokenizers-config.js';

const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'tokenizers');

async function rejection(promise: Promise<unknown>): Promise<TokenizerRequestError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(TokenizerRequestError);
  return err as TokenizerRequestError;
}

describe('answerTokenize / answerDetokenize (SMG bodies)', () => {
  let registry: TokenizerRegistry;

  before(async () => {
    registry = new TokenizerRegistry(resolveTokenizersConfig({ roots: [FIXTURES], models: { 'bert-classifier': 'bert' } }));
    registry.register({ name: 'bert', source: join(FIXTURES, 'bert-uncased-subset') });
    registry.register({ name: 'mistral-tiny', source: join(FIXTURES, 'sentencepiece-bpe-tiny') });
    registry.register({ name: 'broken', source: join(FIXTURES, 'unsupported-components') });
    await registry.settled('broken');
  });

  it('tokenizes a prompt with special tokens by default and counts tokens and characters', async () => {
    expect(await answerTokenize(registry, { model: 'bert-classifier', prompt: 'Hello world' })).to.deep.equal({
      tokens: [101, 7592, 2088, 102],
      count: 4,
      char_count: 11,
      tokenizer: 'bert',
    });
    expect(await answerTokenize(registry, { model: 'bert', prompt: 'Hello world', add_special_tokens: false })).to.include({ count: 2 });
  });

  it('answers a batch of prompts with a list per field', async () => {
    expect(await answerTokenize(registry, { model: 'bert', prompt: ['hello', 'How are you?'], add_special_tokens: false })).to.deep.equal({
      tokens: [[7592], [2129, 2024, 2017, 1029]],
      count: [1, 4],
      char_count: [5, 12],
      tokenizer: 'bert',
    });
  });

  it('counts characters as code points, as SMG (Rust chars()) does', async () => {
    expect(await answerTokenize(registry, { model: 'mistral-tiny', prompt: 'hé🙂' })).to.include({ char_count: 3 });
  });

  it('renders messages with the chat template, without extra special tokens by default, and says so', async () => {
    const answer = await answerTokenize(registry, { model: 'mistral-tiny', messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }] });
    expect(answer.chat_format).to.equal('chat_template');
    // "<s>[INST] hello [/INST]": one BOS from the template, none added by the post-processor.
    expect((answer.tokens as number[]).filter((id) => id === 1)).to.have.length(1);
    expect(answer.char_count).to.equal('<s>[INST] hello [/INST]'.length);
  });

  it('uses the ChatML fallback for a model that stands for a built-in encoding', async () => {
    const answer = await answerTokenize(registry, { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    expect(answer).to.include({ tokenizer: 'o200k_base', chat_format: 'chatml_fallback' });
  });

  it('detokenizes one sequence or a batch, skipping special tokens unless told not to', async () => {
    expect(await answerDetokenize(registry, { model: 'bert', tokens: [101, 7592, 2088, 102] })).to.deep.equal({ text: 'hello world', tokenizer: 'bert' });
    expect(await answerDetokenize(registry, { model: 'bert', tokens: [[101, 7592], [2088]], skip_special_tokens: false })).to.deep.equal({
      text: ['[CLS] hello', 'world'],
      tokenizer: 'bert',
    });
  });

  it('answers errors with SMG statuses and types', async () => {
    expect(await rejection(answerTokenize(registry, { model: 'nope', prompt: 'x' }))).to.include({ status: 400, type: 'tokenizer_not_found' });
    const broken = await rejection(answerTokenize(registry, { model: 'broken', prompt: 'x' }));
    expect(broken).to.include({ status: 503, type: 'tokenizer_unavailable' });
    expect(broken.message).to.include("normalizer 'Mystery'");
    expect(await rejection(answerTokenize(registry, { model: 'bert', prompt: 'x', messages: [] }))).to.include({ status: 400, type: 'invalid_request' });
    expect(await rejection(answerTokenize(registry, { model: 'bert', messages: [{ role: 'user', content: 'x' }] }))).to.include({ status: 400, type: 'chat_template_error' });
    expect(await rejection(answerDetokenize(registry, { model: 'bert', tokens: [5] }))).to.include({ status: 400, type: 'invalid_request' });
    expect((await rejection(answerDetokenize(registry, { model: 'bert', tokens: [-1] }))).toBody()).to.deep.equal({
      error: { message: '/tokens must be a list of token ids (non-negative integers) or a list of such lists', type: 'invalid_request_error', code: 'invalid_request', param: null },
    });
  });
});
