import { expect } from 'chai';
import { isValidIban, passesIbanChecksum } from '../../../../../plugins/pii-redaction/recognizers/iban-recognizer.js';
import { valuesOf } from './find-entities.js';

describe('pii-redaction IBAN recognizer', () => {
  it('finds compact, grouped and lower-case IBANs', () => {
    expect(valuesOf('IBAN', 'to DE89370400440532013000 or GB82 WEST 1234 5698 7654 32 or nl91 abna 0417 1643 00.')).to.deep.equal([
      'DE89370400440532013000',
      'GB82 WEST 1234 5698 7654 32',
      'nl91 abna 0417 1643 00',
    ]);
  });

  it('stops at the country length even when a four-letter word follows', () => {
    expect(valuesOf('IBAN', 'iban BE68 5390 0754 7034 Bank of X')).to.deep.equal(['BE68 5390 0754 7034']);
  });

  it('refuses a wrong check digit, a wrong length for the country and unknown countries', () => {
    expect(passesIbanChecksum('GB82WEST12345698765433')).to.equal(false);
    expect(valuesOf('IBAN', 'iban GB82 WEST 1234 5698 7654 33')).to.deep.equal([]);
    expect(isValidIban('GB82WEST123456987654')).to.equal(false);
    expect(isValidIban('ZZ82WEST12345698765432')).to.equal(false);
  });
});
