import { expect } from 'chai';
import { hasPlausibleIssuer, isValidCardNumber, passesLuhn } from '../../../../../plugins/pii-redaction/recognizers/payment-card-recognizer.js';
import { buildPlanFromRawConfig } from '../../../../support/pii-redaction-plan.js';
import { valuesOf } from './find-entities.js';

const plan = buildPlanFromRawConfig({});

describe('pii-redaction payment card recognizer', () => {
  it('finds numbers compact, spaced and dashed', () => {
    expect(valuesOf('CREDIT_CARD', 'pay with 4111111111111111 or 5555 5555 5555 4444 or 3782-822463-10005.')).to.deep.equal([
      '4111111111111111',
      '5555 5555 5555 4444',
      '3782-822463-10005',
    ]);
  });

  it('refuses a failing Luhn checksum, an implausible issuer or length, and odd grouping', () => {
    expect(passesLuhn('4111111111111112')).to.equal(false);
    expect(valuesOf('CREDIT_CARD', 'card 4111 1111 1111 1112')).to.deep.equal([]);
    expect(hasPlausibleIssuer('9111111111111111')).to.equal(false);
    expect(isValidCardNumber('0000 0000 0000 0000')).to.equal(false);
    expect(isValidCardNumber('41 1111 1111 1111 11')).to.equal(false);
    expect(isValidCardNumber('4111 1111-1111 1111')).to.equal(false);
  });

  it('does not take digits out of a longer number', () => {
    expect(valuesOf('CREDIT_CARD', 'tracking 9400 4111 1111 1111 1111 22')).to.deep.equal([]);
    expect(valuesOf('CREDIT_CARD', 'order 41111111111111110')).to.deep.equal([]);
  });

  it('scores higher with context words', () => {
    const plain = scoreOf('ref 4111111111111111');
    const withContext = scoreOf('visa card 4111111111111111');
    expect(withContext).to.be.greaterThan(plain);
  });
});

function scoreOf(text: string): number {
  return plan.analyzer.analyze(text).find((finding) => finding.entityType === 'CREDIT_CARD')?.score ?? 0;
}
