import { expect } from 'chai';
import fc from 'fast-check';
import { createPlaceholderRestorer, restorePlaceholders } from '../../../../plugins/pii-redaction/placeholder-restorer.js';
import { PlaceholderVault } from '../../../../plugins/pii-redaction/placeholder-vault.js';
import { splitAt } from './entity-arbitraries.js';

function vaultWith(entries: Array<[string, string]>): PlaceholderVault {
  const vault = new PlaceholderVault();
  for (const [type, value] of entries) vault.placeholderFor(type, value);
  return vault;
}

describe('pii-redaction placeholder restorer', () => {
  const vault = vaultWith([
    ['EMAIL', 'jane@example.com'],
    ['EMAIL', 'joe@example.com'],
    ['PHONE', '+44 20 7946 0958'],
  ]);

  it('restores known placeholders and leaves unknown ones', () => {
    expect(restorePlaceholders('Mail <EMAIL_2>, not <EMAIL_9> or <email_1>; call <PHONE_1>.', vault)).to.deep.equal({
      text: 'Mail joe@example.com, not <EMAIL_9> or <email_1>; call +44 20 7946 0958.',
      restored: 2,
    });
  });

  it('restores a placeholder split across deltas', () => {
    const restorer = createPlaceholderRestorer(vault);
    expect(restorer.push('Write to <EMA')).to.equal('Write to ');
    expect(restorer.push('IL_1')).to.equal('');
    expect(restorer.push('> today <')).to.equal('jane@example.com today ');
    expect(restorer.flush()).to.equal('<');
    expect(restorer.restored).to.equal(1);
  });

  it('equals the whole-text restore for every way of splitting', () => {
    const pieces = fc.constantFrom('<EMAIL_1>', '<EMAIL_2>', '<PHONE_1>', '<EMAIL_12>', '<', '>', '<EMAIL_', 'text ', '<<', '_1>', 'EMAIL');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 }), (parts, cuts) => {
        const text = parts.join('');
        const restorer = createPlaceholderRestorer(vault);
        let out = '';
        for (const delta of splitAt(text, cuts)) out += restorer.push(delta);
        expect(out + restorer.flush()).to.equal(restorePlaceholders(text, vault).text);
      }),
      { numRuns: 500 },
    );
  });

  it('writes a value into JSON arguments as string content, so they stay valid JSON', () => {
    const fromText = vaultWith([['CREDENTIAL', 'pa"ss\\word']]);
    const args = restorePlaceholders('{"password":"<CREDENTIAL_1>"}', fromText, 'json').text;
    expect(JSON.parse(args)).to.deep.equal({ password: 'pa"ss\\word' });
    // A value taken from JSON arguments going up is already escaped: it goes back as it was.
    const fromJson = vaultWith([['CREDENTIAL', 'pa\\"ss']]);
    expect(restorePlaceholders('{"p":"<CREDENTIAL_1>"}', fromJson, 'json').text).to.equal('{"p":"pa\\"ss"}');
    expect(restorePlaceholders('say <CREDENTIAL_1>', fromText).text, 'plain text gets the value itself').to.equal('say pa"ss\\word');
    const restorer = createPlaceholderRestorer(fromText, 'json');
    expect(restorer.push('{"p":"<CRED') + restorer.push('ENTIAL_1>"}') + restorer.flush()).to.equal(args.replace('password', 'p'));
  });
});
