import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { loadSchemaValidators, type SchemaValidators } from '../../../../../core/schema/schema-validators.js';
import { parseLabelsFile } from '../../../../../plugins/classify/model/labels-file.js';
import { defaultModelOptions } from '../../../../../plugins/classify/model/load-classifier.js';

const SCHEMA_ID = 'https://switchyard.dev/schemas/classify/labels.schema.json';

describe('parseLabelsFile', () => {
  let validators: SchemaValidators;
  before(() => {
    validators = loadSchemaValidators();
  });
  it('accepts the shipped labels.json, and so does its JSON Schema', () => {
    const shipped: unknown = JSON.parse(readFileSync(defaultModelOptions().labelsPath, 'utf8'));
    expect(parseLabelsFile(shipped, 'shipped').labels).to.include.members(['math', 'code', 'science', 'health', 'law', 'business', 'creative_writing', 'general_chat']);
    expect(validators.validateConfig(SCHEMA_ID, structuredClone(shipped))).to.deep.equal([]);
  });

  it('defaults the threshold and keeps a jailbreak label that is one of the labels', () => {
    expect(parseLabelsFile({ labels: ['a', 'b'] }, 'l')).to.deep.equal({ labels: ['a', 'b'], jailbreak_threshold: 0.5 });
    expect(parseLabelsFile({ labels: ['benign', 'jailbreak'], jailbreak_label: 'jailbreak', jailbreak_threshold: 0.8 }, 'l'))
      .to.deep.equal({ labels: ['benign', 'jailbreak'], jailbreak_label: 'jailbreak', jailbreak_threshold: 0.8 });
  });

  const bad: [string, unknown, string][] = [
    ['no labels', { labels: [] }, 'non-empty array'],
    ['a duplicate label', { labels: ['a', 'a'] }, 'appears twice'],
    ['a threshold above 1', { labels: ['a'], jailbreak_threshold: 2 }, 'from 0 to 1'],
    ['a jailbreak label that is not a label', { labels: ['a'], jailbreak_label: 'b' }, 'one of the labels'],
    ['an unknown field', { labels: ['a'], colour: 'red' }, 'unknown field'],
  ];
  for (const [what, value, message] of bad) {
    it(`refuses ${what}`, () => {
      expect(() => parseLabelsFile(value, 'labels.json')).to.throw(message);
    });
  }
  it('shares the schema\'s verdict on malformed files', () => {
    for (const value of [{ labels: [] }, { labels: ['a', 'a'] }, { labels: ['a'], jailbreak_threshold: 2 }, { labels: ['a'], colour: 'red' }]) {
      expect(validators.validateConfig(SCHEMA_ID, value), JSON.stringify(value)).to.not.deep.equal([]);
    }
  });
});
