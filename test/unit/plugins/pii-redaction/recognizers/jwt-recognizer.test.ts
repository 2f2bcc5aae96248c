import { expect } from 'chai';
import { isJwtHeader } from '../../../../../plugins/pii-redaction/recognizers/jwt-recognizer.js';
import { valuesOf } from './find-entities.js';

const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('pii-redaction JWT recognizer', () => {
  it('finds a token whose header decodes to JSON with alg, before a full stop too', () => {
    expect(valuesOf('JWT', `Authorization: Bearer ${jwt}.`)).to.deep.equal([jwt]);
  });

  it('refuses eyJ… text whose header is not a JOSE header', () => {
    expect(isJwtHeader('eyJmb28iOiJiYXIifQ')).to.equal(false); // {"foo":"bar"}
    expect(valuesOf('JWT', 'x eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxIn0.c2ln y')).to.deep.equal([]);
  });
});
