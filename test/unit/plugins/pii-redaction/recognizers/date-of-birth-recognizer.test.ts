import { expect } from 'chai';
import { valuesOf } from './find-entities.js';

describe('pii-redaction date-of-birth recognizer', () => {
  it('finds dates in several formats only after a birth word', () => {
    expect(valuesOf('DATE_OF_BIRTH', 'DOB: 1990-03-12')).to.deep.equal(['1990-03-12']);
    expect(valuesOf('DATE_OF_BIRTH', 'she was born on 4th of July 1976')).to.deep.equal(['4th of July 1976']);
    expect(valuesOf('DATE_OF_BIRTH', 'Date of birth March 12, 1990')).to.deep.equal(['March 12, 1990']);
    expect(valuesOf('DATE_OF_BIRTH', 'birthday 31/12/85')).to.deep.equal(['31/12/85']);
  });

  it('ignores dates without context, after the sentence with the context, and impossible dates', () => {
    expect(valuesOf('DATE_OF_BIRTH', 'meeting on 1990-03-12')).to.deep.equal([]);
    expect(valuesOf('DATE_OF_BIRTH', 'Born in Oslo. The invoice is dated 2021-05-04')).to.deep.equal([]);
    expect(valuesOf('DATE_OF_BIRTH', 'DOB 1990-02-30, born 1850-01-01')).to.deep.equal([]);
  });
});
