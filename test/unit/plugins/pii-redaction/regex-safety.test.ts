import { expect } from 'chai';
import { assertSafePattern, UnsafePatternError } from '../../../../plugins/pii-redaction/regex-safety.js';

describe('pii-redaction regex safety', () => {
  for (const pattern of ['(a+)+', '(a*)*b', '(?:\\w+\\s?)+$', '((ab)+c)*', '(x{1,3}){2,}', '(?:[a-z]+\\.)+com', '(a|b+)*']) {
    it(`refuses ${pattern}`, () => {
      expect(() => assertSafePattern(pattern, 'test')).to.throw(UnsafePatternError, /nested quantifier/);
    });
  }

  for (const pattern of ['EMP-\\d{6}', '(\\d{3}-)+\\d{4}', '(?:ab)?c+', '[(+)]+', '\\(a+\\)+', 'a{2,5}b{3}', '(?:foo|bar)-\\d+']) {
    it(`accepts ${pattern}`, () => {
      expect(() => assertSafePattern(pattern, 'test')).not.to.throw();
    });
  }

  it('refuses back-references', () => {
    expect(() => assertSafePattern('(a)\\1', 'test')).to.throw(UnsafePatternError, /back-references/);
    expect(() => assertSafePattern('(?<q>a)\\k<q>', 'test')).to.throw(UnsafePatternError, /back-references/);
  });
});
