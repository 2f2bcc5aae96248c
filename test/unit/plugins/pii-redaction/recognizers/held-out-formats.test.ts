import { expect } from 'chai';
import { buildPlanFromRawConfig } from '../../../../support/pii-redaction-plan.js';
import { findEntities, valuesOf } from './find-entities.js';

/**
 * Formats the hand-written held-out set showed were missed (or wrongly hit) before: each fix has
 * its finding here, its look-alikes, and a check that a stream split anywhere gives the same.
 */
describe('pii-redaction: formats from the held-out set', () => {
  it("e-mail: an apostrophe inside the local part; a quote before it stays outside", () => {
    expect(valuesOf('EMAIL', "ping me: Firstname.O'Brien@example.ie now")).to.deep.equal(["Firstname.O'Brien@example.ie"]);
    expect(valuesOf('EMAIL', "write 'jane@example.com' here")).to.deep.equal(['jane@example.com']);
    expect(valuesOf('EMAIL', "It's Jane's turn to email the team")).to.deep.equal([]);
  });

  it('date of birth: day-month-year with dashes and a month name', () => {
    expect(valuesOf('DATE_OF_BIRTH', 'date of birth — 14-Feb-1990')).to.deep.equal(['14-Feb-1990']);
    expect(valuesOf('DATE_OF_BIRTH', 'shipped 14-Feb-1990')).to.deep.equal([], 'still only after a birth word');
  });

  it('credential: `pass` keys, a password in prose, a password in a URL', () => {
    expect(valuesOf('CREDENTIAL', 'pass: hunter22')).to.deep.equal(['hunter22']);
    expect(valuesOf('CREDENTIAL', '"DB_PASS": "k8s-Secret!9"')).to.deep.equal(['k8s-Secret!9']);
    expect(valuesOf('CREDENTIAL', 'The password is Tr0ub4dor&3.')).to.deep.equal(['Tr0ub4dor&3']);
    expect(valuesOf('CREDENTIAL', 'DATABASE_URL=postgres://app:S3cr3tPa55@db:5432/app')).to.deep.equal(['S3cr3tPa55']);
    expect(findEntities('amqp://guest:Gu3st!2024@rabbit.internal/vhost')).to.deep.equal([['CREDENTIAL', 'Gu3st!2024']], 'not an e-mail made of its tail and the host');
  });

  it('credential look-alikes stay alone', () => {
    for (const text of ['pass: true', 'compass: northwest', 'the password is incorrect, please try again', 'url = https://user:${DB_PASSWORD}@db.example.com/app', 'https://example.com:8443/path?q=1']) {
      expect(valuesOf('CREDENTIAL', text), text).to.deep.equal([]);
    }
  });

  it('a 40-hex token right after an auth scheme is a secret; a bare 40-hex digest is not', () => {
    expect(valuesOf('GENERIC_SECRET', 'Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b')).to.deep.equal(['9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b']);
    expect(valuesOf('GENERIC_SECRET', 'the key commit is 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b')).to.deep.equal([]);
  });

  it('vendor tokens: a placeholder body (one repeated character) is not a key', () => {
    expect(valuesOf('GITHUB_TOKEN', 'ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX is a placeholder too')).to.deep.equal([]);
    expect(valuesOf('STRIPE_KEY', 'sk_live_0000000000000000 is the format')).to.deep.equal([]);
    expect(valuesOf('GITHUB_TOKEN', 'ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8')).to.have.length(1);
  });

  it('IP address: a dotted quad numbering a table, figure or step is not one', () => {
    for (const text of ['Table 4.1.2.3 shows the results', 'Figure 2.1.3.4 shows it', 'see step 10.2.0.1 of the runbook']) {
      expect(valuesOf('IP_ADDRESS', text), text).to.deep.equal([]);
    }
    expect(valuesOf('IP_ADDRESS', 'the table host is 10.2.0.1')).to.deep.equal(['10.2.0.1']);
  });

  it('every split of these texts across two deltas gives the whole-text result', () => {
    const plan = buildPlanFromRawConfig({});
    const texts = [
      "Mail Firstname.O'Brien@example.ie today.",
      'born 14-Feb-1990 in Leeds',
      'use pass: hunter22 then',
      'The password is Tr0ub4dor&3 ok',
      'DATABASE_URL=postgres://app:S3cr3tPa55@db:5432/app',
      'Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b',
    ];
    for (const text of texts) {
      const whole = plan.redactText(text, 'response').text;
      for (let cut = 0; cut <= text.length; cut++) {
        const stream = plan.createStreamRedactor('response');
        const out = stream.push(text.slice(0, cut)) + stream.push(text.slice(cut)) + stream.flush();
        expect(out, `${text} split at ${cut}`).to.equal(whole);
      }
      expect(whole, text).to.match(/<[A-Z_]+>/);
    }
  });
});
