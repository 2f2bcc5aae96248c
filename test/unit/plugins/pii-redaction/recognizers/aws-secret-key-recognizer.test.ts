import { expect } from 'chai';
import { valuesOf } from './find-entities.js';

const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('pii-redaction AWS secret key recognizer', () => {
  it('finds 40-character keys after AWS or secret words', () => {
    expect(valuesOf('AWS_SECRET_ACCESS_KEY', `aws_secret_access_key = ${secret}`)).to.deep.equal([secret]);
    expect(valuesOf('AWS_SECRET_ACCESS_KEY', `"SecretAccessKey": "${secret}"`)).to.deep.equal([secret]);
  });

  it('ignores the same string without context, and hex digests near the words', () => {
    expect(valuesOf('AWS_SECRET_ACCESS_KEY', `value ${secret}`)).to.deep.equal([]);
    expect(valuesOf('AWS_SECRET_ACCESS_KEY', 'aws commit 3f2a9c1b7e4d8f0a6c5b2e1d9f8a7c6b5e4d3c2b')).to.deep.equal([]);
  });
});
