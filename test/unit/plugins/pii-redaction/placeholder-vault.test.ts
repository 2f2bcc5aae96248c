import { expect } from 'chai';
import { inspect } from 'node:util';
import { PlaceholderVault } from '../../../../plugins/pii-redaction/placeholder-vault.js';

describe('pii-redaction placeholder vault', () => {
  it('numbers placeholders per type; the same value keeps its placeholder', () => {
    const vault = new PlaceholderVault();
    expect(vault.placeholderFor('EMAIL', 'a@b.io')).to.equal('<EMAIL_1>');
    expect(vault.placeholderFor('EMAIL', 'c@d.io')).to.equal('<EMAIL_2>');
    expect(vault.placeholderFor('PHONE', '+44 20 7946 0958')).to.equal('<PHONE_1>');
    expect(vault.placeholderFor('EMAIL', 'a@b.io')).to.equal('<EMAIL_1>');
    expect(vault.valueOf('<EMAIL_2>')).to.equal('c@d.io');
    expect(vault.valueOf('<EMAIL_3>')).to.equal(undefined);
    expect(vault.size).to.equal(3);
  });

  it('never shows its values through JSON, util.inspect, template strings or a log serializer', () => {
    const vault = new PlaceholderVault();
    vault.placeholderFor('CREDENTIAL', 'hunter2-very-secret');
    const shown = [JSON.stringify(vault), JSON.stringify({ vault }), inspect(vault), inspect({ nested: { vault } }, { depth: 10, showHidden: true }), `${String(vault)}`];
    for (const text of shown) {
      expect(text).not.to.include('hunter2');
      expect(text).not.to.include('CREDENTIAL_1');
    }
    expect(JSON.parse(JSON.stringify(vault))).to.deep.equal({ placeholders: 1 });
    expect(Object.keys(vault)).to.deep.equal([]);
  });
});
