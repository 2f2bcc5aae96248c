import { expect } from 'chai';
import fc from 'fast-check';
import type { RedactionPlan } from '../../../../plugins/pii-redaction/build-redaction-plan.js';
import type { RedactionDirection } from '../../../../plugins/pii-redaction/entity-types.js';
import { buildPlanFromRawConfig } from '../../../support/pii-redaction-plan.js';
import { mixedTextArb, separatedTextArb, splitAt } from './entity-arbitraries.js';

function streamed(plan: RedactionPlan, deltas: readonly string[], direction: RedactionDirection = 'response'): string {
  const redactor = plan.createStreamRedactor(direction);
  let out = '';
  for (const delta of deltas) out += redactor.push(delta);
  return out + redactor.flush();
}

const defaultPlan = buildPlanFromRawConfig({});
const customPlan = buildPlanFromRawConfig({
  custom_recognizers: [
    { name: 'employee-id', entity_type: 'EMPLOYEE_ID', pattern: 'EMP-\\d{6}' },
    { name: 'code-names', entity_type: 'CODE_NAME', deny_list: ['Project Falcon', 'bluebird'] },
  ],
  entities: { EMAIL: { response: 'hash' }, PHONE: { response: 'redact' }, IP_ADDRESS: { response: 'allow' } },
  hash_key: 'a-test-key-of-16+chars',
});

describe('pii-redaction stream redactor', function () {
  this.timeout(120_000);

  for (const [name, plan] of [['default config', defaultPlan], ['custom recognizers and mixed actions', customPlan]] as const) {
    describe(name, () => {
      it('gives exactly the non-streaming output for every single split point', () => {
        fc.assert(
          fc.property(mixedTextArb, (text) => {
            const expected = plan.redactText(text, 'response').text;
            for (let i = 0; i <= text.length; i++) expect(streamed(plan, [text.slice(0, i), text.slice(i)])).to.equal(expected, `split at ${i}`);
          }),
          { numRuns: 60 },
        );
      });

      it('gives exactly the non-streaming output for random multi-splits', () => {
        fc.assert(
          fc.property(mixedTextArb, fc.array(fc.nat(), { maxLength: 40 }), (text, cuts) => {
            expect(streamed(plan, splitAt(text, cuts))).to.equal(plan.redactText(text, 'response').text);
          }),
          { numRuns: 300 },
        );
      });

      it('gives exactly the non-streaming output one character at a time', () => {
        fc.assert(
          fc.property(mixedTextArb, (text) => {
            expect(streamed(plan, [...text])).to.equal(plan.redactText(text, 'response').text);
          }),
          { numRuns: 60 },
        );
      });
    });
  }

  it('never lets a raw entity value through, however the stream is split', () => {
    fc.assert(
      fc.property(separatedTextArb, fc.array(fc.nat(), { maxLength: 30 }), ({ text, values }, cuts) => {
        const out = streamed(defaultPlan, splitAt(text, cuts));
        for (const value of values) expect(out).not.to.include(value);
      }),
      { numRuns: 300 },
    );
  });

  it('numbers placeholders in the request direction exactly as the whole-text path does', () => {
    const plan = buildPlanFromRawConfig({ reversible: true });
    fc.assert(
      fc.property(mixedTextArb, fc.array(fc.nat(), { maxLength: 20 }), (text, cuts) => {
        const streamVault = plan.createVault();
        const redactor = plan.createStreamRedactor('request', streamVault);
        let out = '';
        for (const delta of splitAt(text, cuts)) out += redactor.push(delta);
        expect(out + redactor.flush()).to.equal(plan.redactText(text, 'request', plan.createVault()).text);
      }),
      { numRuns: 150 },
    );
  });

  it('emits plain prose at once and holds back only a word that could still grow', () => {
    const redactor = defaultPlan.createStreamRedactor('response');
    expect(redactor.push('The weather is fine today, ')).to.equal('The weather is fine today, ');
    expect(redactor.push('write to jo')).to.equal('write to ');
    expect(redactor.push('hn@example.com now')).to.equal('<EMAIL> ');
    expect(redactor.flush()).to.equal('now');
  });

  it('catches an entity split across many deltas', () => {
    const deltas = ['card 4111 ', '1111', ' 1111 11', '11 thanks'];
    expect(streamed(defaultPlan, deltas)).to.equal('card <CREDIT_CARD> thanks');
  });

  it('counts what it replaced and reports blocks', () => {
    const plan = buildPlanFromRawConfig({ entities: { US_SSN: { response: 'block' } } });
    const redactor = plan.createStreamRedactor('response');
    const out = redactor.push('a@b.io and SSN 078-05-1121 ') + redactor.flush();
    expect(out).to.equal('<EMAIL> and SSN <US_SSN> ');
    expect(redactor.blocked).to.equal(true);
    expect(redactor.counts()).to.deep.equal({ entities: { EMAIL: 1, US_SSN: 1 }, actions: { EMAIL: { mask: 1 }, US_SSN: { block: 1 } }, blocked: ['US_SSN'] });
  });

  describe('past the hold-back maximum', () => {
    const small = buildPlanFromRawConfig({ stream_holdback_max_chars: 512 });
    const body = Array.from({ length: 40 }, (_, i) => `MIIEowIBAAKCAQEA${String(i).padStart(4, '0')}abcdefghijklmnopqrstuvwxyz0123456789AB`).join('\n');
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;

    it('swallows a started PEM block as sensitive up to its END line, then carries on', () => {
      const deltas = splitAt(`before ${pem} after a@b.io`, Array.from({ length: 60 }, (_, i) => i * 61 + 7));
      const out = streamed(small, deltas);
      expect(out).to.equal('before <PRIVATE_KEY> after <EMAIL>');
      expect(out).not.to.include('MIIEowIBAAKCAQEA');
    });

    it('swallows to the end of the stream when the END line never comes', () => {
      const redactor = small.createStreamRedactor('response');
      let out = '';
      for (const line of `intro -----BEGIN OPENSSH PRIVATE KEY-----\n${body}`.split(/(?<=\n)/)) out += redactor.push(line);
      out += redactor.flush();
      expect(out).to.equal('intro <PRIVATE_KEY>');
    });

    it('swallows an overlong JWT once its header has proved it one', () => {
      const header = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';
      const jwt = `${header}.${'eyJzdWIiOiIx'.repeat(60)}.${'c2lnbmF0dXJl'.repeat(10)}`;
      const out = streamed(small, splitAt(`token ${jwt} then text`, Array.from({ length: 40 }, (_, i) => i * 23 + 5)));
      expect(out).to.equal('token <JWT> then text');
    });

    it('emits held text that shows no start of an entity', () => {
      const plan = buildPlanFromRawConfig({
        stream_holdback_max_chars: 512,
        custom_recognizers: [{ name: 'ticket', entity_type: 'TICKET', pattern: 'TCK-\\d{4}', max_length: 256 }],
      });
      const redactor = plan.createStreamRedactor('response');
      let out = '';
      for (let i = 0; i < 100; i++) out += redactor.push('word ');
      // A custom pattern holds its last max_length characters, never more than the maximum.
      expect(out.length).to.be.at.least(500 - 256);
      expect(out + redactor.flush()).to.equal('word '.repeat(100));
    });
  });
});
