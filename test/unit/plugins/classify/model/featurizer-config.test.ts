import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { loadSchemaValidators, type SchemaValidators } from '../../../../../core/schema/schema-validators.js';
import { DEFAULT_FEATURIZER_CONFIG, parseFeaturizerConfig } from '../../../../../plugins/classify/model/featurizer-config.js';
import { defaultModelOptions } from '../../../../../plugins/classify/model/load-classifier.js';

const SCHEMA_ID = 'https://switchyard.dev/schemas/classify/featurizer.schema.json';

describe('parseFeaturizerConfig', () => {
  let validators: SchemaValidators;
  before(() => {
    validators = loadSchemaValidators();
  });
  const shipped: unknown = JSON.parse(readFileSync(defaultModelOptions().featurizer, 'utf8'));

  it('accepts the shipped featurizer.json, and so does its JSON Schema', () => {
    expect(parseFeaturizerConfig(shipped, 'shipped')).to.deep.equal(shipped);
    expect(validators.validateConfig(SCHEMA_ID, structuredClone(shipped))).to.deep.equal([]);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['buckets not a power of two', { buckets: 1000 }, 'power of two'],
    ['an unknown field', { extra: 1 }, 'unknown field "extra"'],
    ['a wrong kind', { kind: 'bpe' }, '"kind"'],
    ['a fractional size', { max_chars: 10.5 }, '"max_chars"'],
    ['a negative weight', { char_ngram_weight: -1 }, '"char_ngram_weight"'],
    ['four-word n-grams', { word_ngram_max: 4 }, '"word_ngram_max"'],
  ];
  for (const [what, change, message] of bad) {
    it(`refuses ${what}`, () => {
      const value = { ...DEFAULT_FEATURIZER_CONFIG, ...change };
      expect(() => parseFeaturizerConfig(value, 'f.json')).to.throw(message);
      if (what !== 'buckets not a power of two') {
        expect(validators.validateConfig(SCHEMA_ID, value), 'the schema refuses it too').to.not.deep.equal([]);
      }
    });
  }
});
