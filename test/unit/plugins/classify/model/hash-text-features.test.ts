import { expect } from 'chai';
import { DEFAULT_FEATURIZER_CONFIG } from '../../../../../plugins/classify/model/featurizer-config.js';
import { createHashedFeaturizer, truncateText, type SparseFeatures } from '../../../../../plugins/classify/model/hash-text-features.js';

const featurizer = createHashedFeaturizer({ ...DEFAULT_FEATURIZER_CONFIG, buckets: 1 << 16 });

function asMap(features: SparseFeatures): Map<number, number> {
  return new Map(Array.from(features.indices, (index, k) => [index, features.values[k]!]));
}

describe('createHashedFeaturizer', () => {
  it('returns distinct in-range buckets with an L2 norm of 1', () => {
    const { indices, values } = featurizer.featurize('How do I reverse a linked list in Java? `list.reverse()` => nothing happens!');
    expect(indices.length).to.equal(values.length).and.to.be.greaterThan(20);
    expect(new Set(indices).size).to.equal(indices.length);
    for (const index of indices) expect(index).to.be.within(0, (1 << 16) - 1);
    const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
    expect(norm).to.be.closeTo(1, 1e-6);
  });

  it('is deterministic and does not leak state from one call into the next', () => {
    const first = asMap(featurizer.featurize('The mitochondria is the powerhouse of the cell.'));
    featurizer.featurize('something completely different, with other words entirely');
    expect(asMap(featurizer.featurize('The mitochondria is the powerhouse of the cell.'))).to.deep.equal(first);
  });

  it('ignores case and folds digits, so numbers of the same shape look alike', () => {
    expect(asMap(featurizer.featurize('SOLVE 12x + 5 = 37'))).to.deep.equal(asMap(featurizer.featurize('solve 48x + 9 = 21')));
    expect(asMap(featurizer.featurize('solve 12x + 5 = 37'))).to.not.deep.equal(asMap(featurizer.featurize('solve 123x + 5 = 37')));
  });

  it('tells word order apart through bigrams', () => {
    expect(asMap(featurizer.featurize('dog bites man'))).to.not.deep.equal(asMap(featurizer.featurize('man bites dog')));
    const unigramsOnly = createHashedFeaturizer({ ...DEFAULT_FEATURIZER_CONFIG, buckets: 1 << 16, word_ngram_max: 1 });
    expect(asMap(unigramsOnly.featurize('dog bites man'))).to.deep.equal(asMap(unigramsOnly.featurize('man bites dog')));
  });

  it('gives nothing for blank input and handles non-Latin text', () => {
    expect(featurizer.featurize('   \n\t ').indices.length).to.equal(0);
    expect(featurizer.featurize('Что такое фотосинтез? 光合作用とは').indices.length).to.be.greaterThan(10);
  });

  it('featurizes only the head and tail of an over-long text', () => {
    const small = createHashedFeaturizer({ ...DEFAULT_FEATURIZER_CONFIG, buckets: 1 << 16, max_chars: 200 });
    const head = 'alpha '.repeat(30);
    const tail = 'omega '.repeat(10);
    const long = `${head}${'middle '.repeat(5000)}${tail}`;
    const withMiddle = asMap(small.featurize(long));
    expect(withMiddle).to.deep.equal(asMap(small.featurize(truncateText(long, 200))));
    expect(truncateText(long, 200)).to.have.length(200);
    expect(truncateText(long, 200).startsWith('alpha')).to.be.true;
    expect(truncateText(long, 200).trimEnd().endsWith('omega')).to.be.true;
    expect(truncateText('short', 200)).to.equal('short');
  });

  describe('featurizeInSlices', () => {
    const text = `${'Solve 12x + 5 = 37, then explain why `list.reverse()` => nothing. '.repeat(40)}Что такое фотосинтез? ${'x'.repeat(300)} done`;
    const exact = (features: SparseFeatures): [number[], number[]] => [Array.from(features.indices), Array.from(features.values)];

    it('gives exactly the features featurize gives, whatever the slice', async () => {
      const whole = exact(featurizer.featurize(text));
      for (const slice of [1, 7, 100, 4096, 1 << 20]) expect(exact(await featurizer.featurizeInSlices(text, slice)), `slice ${slice}`).to.deep.equal(whole);
    });

    it('frees the event loop between slices, never inside a token', async () => {
      const sliced = featurizer.featurizeInSlices('word '.repeat(20_000), 1000);
      let sameTurn = true;
      setImmediate(() => (sameTurn = false));
      await sliced;
      expect(sameTurn, 'the loop ran other callbacks while it featurized').to.be.false;
      expect(exact(await sliced)).to.deep.equal(exact(featurizer.featurize('word '.repeat(20_000))));
    });

    it('keeps calls that overlap apart (the shared scratch is lent to one at a time)', async () => {
      const other = 'The mitochondria is the powerhouse of the cell. '.repeat(200);
      const both = Promise.all([featurizer.featurizeInSlices(text, 50), featurizer.featurizeInSlices(other, 50)]);
      const meanwhile = featurizer.featurize('dog bites man');
      const [a, b] = await both;
      expect(exact(a)).to.deep.equal(exact(featurizer.featurize(text)));
      expect(exact(b)).to.deep.equal(exact(featurizer.featurize(other)));
      expect(exact(meanwhile)).to.deep.equal(exact(featurizer.featurize('dog bites man')));
    });
  });
});
