import { expect } from 'chai';
import { isHighEntropyToken } from '../../../../../plugins/pii-redaction/recognizers/high-entropy-secret-recognizer.js';
import { buildPlanFromRawConfig } from '../../../../support/pii-redaction-plan.js';
import { valuesOf } from './find-entities.js';

describe('pii-redaction high-entropy secret recognizer', () => {
  it('finds random strings after secret words', () => {
    expect(valuesOf('GENERIC_SECRET', 'Authorization: Bearer Zx9Qw2Er4Ty6Ui8Op0As1Df3Gh5Jk7Lz')).to.deep.equal(['Zx9Qw2Er4Ty6Ui8Op0As1Df3Gh5Jk7Lz']);
  });

  it('ignores the same string without a secret word, and UUIDs, SHAs and slugs with one', () => {
    expect(valuesOf('GENERIC_SECRET', 'ref Zx9Qw2Er4Ty6Ui8Op0As1Df3Gh5Jk7Lz')).to.deep.equal([]);
    expect(valuesOf('GENERIC_SECRET', 'idempotency key 550e8400-e29b-41d4-a716-446655440000')).to.deep.equal([]);
    expect(isHighEntropyToken('3f2a9c1b7e4d8f0a6c5b2e1d9f8a7c6b5e4d3c2b', 3)).to.equal(false);
    expect(isHighEntropyToken('my-token-name-for-staging-2', 3)).to.equal(false);
  });

  it('applies the configured entropy threshold', () => {
    const strict = buildPlanFromRawConfig({ entropy_threshold: 5.5 });
    expect(valuesOf('GENERIC_SECRET', 'token Zx9Qw2Er4Ty6Ui8Op0As1Df3Gh5Jk7Lz', strict)).to.deep.equal([]);
  });
});
