import { expect } from 'chai';
import { checkTokenizerComponents } from '../../../../plugins/tokenizers/check-tokenizer-components.js';
import { TokenizerFormatError } from '../../../../plugins/tokenizers/tokenizer-errors.js';

const bpe = { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b'] };

function problems(json: unknown): string {
  try {
    checkTokenizerComponents(json);
    return '';
  } catch (err) {
    expect(err).to.be.instanceOf(TokenizerFormatError);
    return (err as Error).message;
  }
}

describe('checkTokenizerComponents', () => {
  it('accepts the common components, nested in Sequences', () => {
    expect(
      problems({
        model: bpe,
        normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Prepend', prepend: '▁' }] },
        pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Split', pattern: { Regex: '\\s+' }, behavior: 'Isolated' }, { type: 'ByteLevel' }] },
        post_processor: { type: 'TemplateProcessing' },
        decoder: { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, { type: 'Fuse' }] },
        added_tokens: [{ id: 3, content: '<s>', special: true }],
      }),
    ).to.equal('');
  });

  it('names every unsupported component at once, however deep', () => {
    const message = problems({
      model: { type: 'WordLevel', vocab: {} },
      normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'ByteLevel' }] },
      pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'CharDelimiterSplit', delimiter: ' ' }, { type: 'Punctuation' }, { type: 'Split', pattern: { String: 'x' }, behavior: 'Contiguous' }] },
      decoder: { type: 'Mystery' },
    });
    for (const part of ["model 'WordLevel'", "normalizer 'ByteLevel'", "pre_tokenizer 'CharDelimiterSplit'", "pre_tokenizer Punctuation with behavior 'Isolated'", "pre_tokenizer Split with behavior 'Contiguous'", "decoder 'Mystery'"]) {
      expect(message).to.include(part);
    }
  });

  it('refuses a malformed vocabulary or added token instead of letting odd values become token ids', () => {
    expect(problems({ model: { type: 'BPE', vocab: { a: 'zero' }, merges: [] } })).to.include('no usable vocab');
    expect(problems({ model: { type: 'Unigram', vocab: [['a', 'x']] } })).to.include('no usable vocab');
    expect(problems({ model: { type: 'BPE', vocab: { a: 0 } } })).to.include('no merges list');
    expect(problems({ model: bpe, added_tokens: [{ id: 'x', content: '<s>' }] })).to.include('added_tokens');
    expect(problems([])).to.equal('tokenizer.json must be a JSON object');
  });
});
