import { expect } from 'chai';
import { valuesOf } from './find-entities.js';

describe('pii-redaction email recognizer', () => {
  it('finds addresses with plus tags, subdomains and multi-part TLDs', () => {
    expect(valuesOf('EMAIL', 'Write to jane.doe+billing@mail.eu.example.co.uk, thanks.')).to.deep.equal(['jane.doe+billing@mail.eu.example.co.uk']);
    expect(valuesOf('EMAIL', '<ops_team-1@corp.example.io>')).to.deep.equal(['ops_team-1@corp.example.io']);
  });

  it('ends at a sentence full stop and ignores what is not an address', () => {
    expect(valuesOf('EMAIL', 'mail me at a.b@example.com.')).to.deep.equal(['a.b@example.com']);
    expect(valuesOf('EMAIL', 'npm i @scope/pkg@1.2.3 and user@localhost and .a@b.com')).to.deep.equal([]);
  });

  it('refuses local parts with leading, trailing or doubled dots', () => {
    expect(valuesOf('EMAIL', 'x john..doe@example.com y')).to.deep.equal([]);
    expect(valuesOf('EMAIL', 'x john.@example.com y')).to.deep.equal([]);
  });
});
