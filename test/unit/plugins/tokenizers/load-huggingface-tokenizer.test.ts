import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../../core/package-root.js';
import { loadHuggingFaceTokenizer } from '../../../../plugins/tokenizers/load-huggingface-tokenizer.js';
import type { LoadedTokenizer } from '../../../../plugins/tokenizers/tokenizer-contract.js';
import { TokenIdNotInVocabulary, TokenizerFormatError } from '../../../../plugins/tokenizers/tokenizer-errors.js';
import { LLAMA3_SPECIALS, buildTokenizerJson, readTestPlans } from '../../../support/tiktoken-to-tokenizer-json.js';

const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'tokenizers');
const withSpecials = { addSpecialTokens: true };
const plain = { addSpecialTokens: false };

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

function loadFixture(dir: string): LoadedTokenizer {
  const configPath = join(FIXTURES, dir, 'tokenizer_config.json');
  let tokenizerConfig: unknown;
  try {
    tokenizerConfig = readJson(configPath);
  } catch {
    tokenizerConfig = undefined;
  }
  return loadHuggingFaceTokenizer({ realPath: join(FIXTURES, dir, 'tokenizer.json'), tokenizerJson: readJson(join(FIXTURES, dir, 'tokenizer.json')), tokenizerConfig, chatTemplateFile: undefined });
}

describe('loadHuggingFaceTokenizer', () => {
  describe('WordPiece (a bert-base-uncased vocabulary subset, real ids)', () => {
    const bert = loadFixture('bert-uncased-subset');

    it("reproduces the ids transformers' preprocessing guide prints for its example sentence", () => {
      // huggingface.co/docs/transformers/preprocessing: lowercasing, punctuation split, "meddle" → med ##dle.
      expect(bert.encode('Do not meddle in the affairs of wizards, for they are subtle and quick to anger.', withSpecials)).to.deep.equal([
        101, 2079, 2025, 19960, 10362, 1999, 1996, 3821, 1997, 16657, 1010, 2005, 2027, 2024, 11259, 1998, 4248, 2000, 4963, 1012, 102,
      ]);
    });

    it('gives the widely published ids for "Hello world" and "How are you?"', () => {
      expect(bert.encode('Hello world', withSpecials)).to.deep.equal([101, 7592, 2088, 102]);
      expect(bert.encode('How are you?', withSpecials)).to.deep.equal([101, 2129, 2024, 2017, 1029, 102]);
      expect(bert.encode('How are you?', plain)).to.deep.equal([2129, 2024, 2017, 1029]);
    });

    it('strips accents, maps an unknown word to [UNK], and decodes with the WordPiece cleanup', () => {
      expect(bert.encode('HÉLLO xyz', plain)).to.deep.equal([7592, 100]);
      const ids = bert.encode('Hello, world!', withSpecials);
      expect(bert.decode(ids, { skipSpecialTokens: true })).to.equal('hello, world!');
      expect(bert.decode(ids, { skipSpecialTokens: false })).to.equal('[CLS] hello, world! [SEP]');
    });

    it('reads the special tokens from tokenizer_config.json and counts the vocabulary', () => {
      expect(bert.specialTokens.unk).to.equal('[UNK]');
      expect(bert.vocabSize).to.equal(32);
    });
  });

  describe('SentencePiece-style BPE with byte fallback (hand-built, Llama 2 / Mistral layout)', () => {
    const sp = loadFixture('sentencepiece-bpe-tiny');

    it('applies the merges in rank order after prepending ▁ and replacing spaces', () => {
      // "▁hello▁world": l l, ▁ h, ▁ w, o r, ▁h e, ll o, ▁he llo, ▁w or, ▁wor l, ▁worl d → ▁hello ▁world.
      expect(sp.encode('hello world', withSpecials)).to.deep.equal([1, 273, 276]);
    });

    it('falls back to byte tokens for characters outside the vocabulary', () => {
      // "!" is <0x21> = 3 + 0x21; "é" is C3 A9 → <0xC3> (198), <0xA9> (172); "H" is <0x48> (75).
      expect(sp.encode('hello world!', withSpecials)).to.deep.equal([1, 273, 276, 36]);
      expect(sp.encode('héllo', withSpecials)).to.deep.equal([1, 268, 198, 172, 272]);
      expect(sp.encode('Hello', plain)).to.deep.equal([259, 75, 261, 272]);
    });

    it('decodes bytes back into characters and drops the leading space', () => {
      for (const text of ['hello world!', 'héllo wörld 🙂', 'Hello']) {
        expect(sp.decode(sp.encode(text, withSpecials), { skipSpecialTokens: true })).to.equal(text);
      }
      expect(sp.decode([1, 273], { skipSpecialTokens: false })).to.equal('<s> hello');
    });
  });

  describe('Unigram with Metaspace (hand-built, T5 / ALBERT layout)', () => {
    const unigram = loadFixture('unigram-tiny');

    it('picks the most probable segmentation', () => {
      // ▁hello (-3) beats ▁he+llo (-8); ▁he+ld (-8) beats ▁he+l+d (-14) for "▁held".
      expect(unigram.encode('hello world', plain)).to.deep.equal([2, 9]);
      expect(unigram.encode('held', plain)).to.deep.equal([3, 11]);
      expect(unigram.decode([2, 9], { skipSpecialTokens: false })).to.equal('hello world');
    });
  });

  describe('byte-level BPE built from tiktoken ranks (real ids)', function () {
    // Building 100k merges takes a second or two on a busy machine; this only catches a hang.
    this.timeout(60_000);

    it('GPT-2 layout (ByteLevel with its regex) matches tiktoken r50k_base on every TestPlans sample', () => {
      const gpt2 = loadHuggingFaceTokenizer({ realPath: 'gpt2', tokenizerJson: buildTokenizerJson('r50k_base', { specials: { '<|endoftext|>': 50_256 } }), tokenizerConfig: undefined, chatTemplateFile: undefined });
      for (const plan of readTestPlans().filter((p) => p.encoding === 'r50k_base')) {
        expect(gpt2.encode(plan.sample, plain), plan.sample).to.deep.equal(plan.ids);
        expect(gpt2.decode(plan.ids, { skipSpecialTokens: false }), plan.sample).to.equal(plan.sample);
      }
      expect(gpt2.encode('hi<|endoftext|>', plain)).to.deep.equal([5303, 50_256]);
    });

    it('Llama 3 layout (Split with the cl100k regex, ignore_merges) matches tiktoken cl100k_base and adds <|begin_of_text|>', () => {
      const llama3 = loadHuggingFaceTokenizer({
        realPath: 'llama3-style',
        tokenizerJson: buildTokenizerJson('cl100k_base', { specials: LLAMA3_SPECIALS, bos: '<|begin_of_text|>' }),
        tokenizerConfig: { bos_token: '<|begin_of_text|>', eos_token: '<|eot_id|>' },
        chatTemplateFile: undefined,
      });
      for (const plan of readTestPlans().filter((p) => p.encoding === 'cl100k_base')) {
        expect(llama3.encode(plan.sample, plain), plan.sample).to.deep.equal(plan.ids);
      }
      // Llama 3 kept cl100k's ordinary tokens: "Hello world" is 9906 1917 after BOS 128000.
      expect(llama3.encode('Hello world', withSpecials)).to.deep.equal([128_000, 9906, 1917]);
      expect(llama3.decode([128_000, 9906, 1917, 128_009], { skipSpecialTokens: true })).to.equal('Hello world');
    });
  });

  describe('refusals', () => {
    it('names every unsupported component instead of approximating it', () => {
      expect(() => loadFixture('unsupported-components'))
        .to.throw(TokenizerFormatError)
        .with.property('message')
        .that.includes("normalizer 'Mystery'")
        .and.includes("pre_tokenizer Split with behavior 'MergedWithPrevious'");
    });

    it('refuses a pre-tokenizer regex JavaScript cannot compile, as a format error', () => {
      const json = { model: { type: 'BPE', vocab: { a: 0 }, merges: [] }, pre_tokenizer: { type: 'Split', pattern: { Regex: '(' }, behavior: 'Isolated' } };
      expect(() => loadHuggingFaceTokenizer({ realPath: 'x', tokenizerJson: json, tokenizerConfig: undefined, chatTemplateFile: undefined })).to.throw(TokenizerFormatError, /could not be loaded/);
    });

    it('refuses to decode an id outside the vocabulary rather than printing the unk token', () => {
      const bert = loadFixture('bert-uncased-subset');
      expect(() => bert.decode([7592, 5], { skipSpecialTokens: false })).to.throw(TokenIdNotInVocabulary).with.property('tokenId', 5);
    });

    it('decodes an empty list to the empty string (the library alone throws)', () => {
      expect(loadFixture('bert-uncased-subset').decode([], { skipSpecialTokens: true })).to.equal('');
    });
  });
});
