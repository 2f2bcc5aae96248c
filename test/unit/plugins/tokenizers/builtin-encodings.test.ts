import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BUILTIN_RANK_COUNTS, loadBuiltinEncoding } from '../../../../plugins/tokenizers/builtin-encodings.js';
import { TokenIdNotInVocabulary } from '../../../../plugins/tokenizers/tokenizer-errors.js';
import { readTestPlans } from '../../../support/tiktoken-to-tokenizer-json.js';

const plain = { addSpecialTokens: false };

describe('built-in encodings (gpt-tokenizer)', () => {
  it('cl100k_base gives the ids tiktoken documents', async () => {
    const cl100k = await loadBuiltinEncoding('cl100k_base');
    // tiktoken's README and OpenAI's cookbook ("How to count tokens with tiktoken").
    expect(cl100k.encode('hello world', plain)).to.deep.equal([15339, 1917]);
    expect(cl100k.encode('tiktoken is great!', plain)).to.deep.equal([83, 1609, 5963, 374, 2294, 0]);
  });

  for (const encoding of ['cl100k_base', 'o200k_base', 'r50k_base', 'p50k_base'] as const) {
    it(`${encoding} matches every sample tiktoken encoded in gpt-tokenizer's TestPlans.txt, and decodes back`, async () => {
      const tokenizer = await loadBuiltinEncoding(encoding);
      const plans = readTestPlans().filter((plan) => plan.encoding === encoding);
      expect(plans.length).to.be.greaterThan(50);
      for (const plan of plans) {
        expect(tokenizer.encode(plan.sample, plain), plan.sample).to.deep.equal(plan.ids);
        expect(tokenizer.decode(plan.ids, { skipSpecialTokens: false }), plan.sample).to.equal(plan.sample);
      }
    });
  }

  it('encodes special tokens anywhere in the text (gpt-tokenizer alone finds them only at the start)', async () => {
    const cl100k = await loadBuiltinEncoding('cl100k_base');
    expect(cl100k.encode('a<|im_start|>b<|im_end|>c<|endoftext|>', plain)).to.deep.equal([64, 100264, 65, 100265, 66, 100257]);
    const harmony = await loadBuiltinEncoding('o200k_harmony');
    const ids = harmony.encode('<|start|>user<|message|>hi<|end|>', plain);
    expect([ids[0], ids[2], ids.at(-1)]).to.deep.equal([200006, 200008, 200007]);
  });

  it('skips special tokens on decode when asked', async () => {
    const o200k = await loadBuiltinEncoding('o200k_base');
    const ids = o200k.encode('<|endoftext|>hello', plain);
    expect(o200k.decode(ids, { skipSpecialTokens: false })).to.equal('<|endoftext|>hello');
    expect(o200k.decode(ids, { skipSpecialTokens: true })).to.equal('hello');
  });

  it('refuses an id the encoding does not have, naming it', async () => {
    const cl100k = await loadBuiltinEncoding('cl100k_base');
    expect(() => cl100k.decode([15339, 999_999], { skipSpecialTokens: false }))
      .to.throw(TokenIdNotInVocabulary)
      .with.property('tokenId', 999_999);
  });

  it('counts its mergeable ranks as tiktoken\'s rank files do (guards the vocab sizes against a library upgrade)', () => {
    const require = createRequire(import.meta.url);
    for (const encoding of ['cl100k_base', 'o200k_base', 'r50k_base', 'p50k_base'] as const) {
      const lines = readFileSync(require.resolve(`gpt-tokenizer/data/${encoding}.tiktoken`), 'utf8').split('\n').filter((line) => line !== '');
      expect(lines.length, encoding).to.equal(BUILTIN_RANK_COUNTS[encoding]);
    }
  });

  it('reports vocab sizes with the special tokens, and offers a fallback chat format instead of a template', async () => {
    const cl100k = await loadBuiltinEncoding('cl100k_base');
    expect(cl100k.vocabSize).to.equal(100_256 + 8);
    expect(cl100k.chatTemplates.default).to.equal(undefined);
    expect(cl100k.fallbackChatFormat).to.equal('chatml_fallback');
    expect((await loadBuiltinEncoding('o200k_harmony')).fallbackChatFormat).to.equal('harmony_fallback');
  });
});
