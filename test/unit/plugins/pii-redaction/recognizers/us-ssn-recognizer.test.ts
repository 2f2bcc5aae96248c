import { expect } from 'chai';
import { isValidSsn } from '../../../../../plugins/pii-redaction/recognizers/us-ssn-recognizer.js';
import { valuesOf } from './find-entities.js';

describe('pii-redaction US SSN recognizer', () => {
  it('finds dashed numbers without context and bare ones only with it', () => {
    expect(valuesOf('US_SSN', 'record 536-22-8726 filed')).to.deep.equal(['536-22-8726']);
    expect(valuesOf('US_SSN', 'record 536228726 filed')).to.deep.equal([]);
    expect(valuesOf('US_SSN', 'SSN: 536228726')).to.deep.equal(['536228726']);
    expect(valuesOf('US_SSN', 'social security number 536 22 8726')).to.deep.equal(['536 22 8726']);
  });

  it('refuses area 000, 666 and 9xx, group 00, serial 0000 and mixed separators', () => {
    expect(isValidSsn('000', '12', '3456')).to.equal(false);
    expect(isValidSsn('666', '12', '3456')).to.equal(false);
    expect(isValidSsn('912', '12', '3456')).to.equal(false);
    expect(isValidSsn('123', '00', '3456')).to.equal(false);
    expect(isValidSsn('123', '45', '0000')).to.equal(false);
    expect(valuesOf('US_SSN', 'SSN 666-12-3456, 900-12-3456, 123-45 6789')).to.deep.equal([]);
  });
});
