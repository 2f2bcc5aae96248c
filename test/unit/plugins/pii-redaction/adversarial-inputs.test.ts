import { expect } from 'chai';
import { buildPlanFromRawConfig } from '../../../support/pii-redaction-plan.js';

// Inputs that make backtracking regexes explode. There is no timing assertion: a regression shows as
// a hang, which the generous timeout turns into a failure.
const plan = buildPlanFromRawConfig({
  custom_recognizers: [
    { name: 'emp', entity_type: 'EMPLOYEE_ID', pattern: 'EMP-\\d{6}' },
    { name: 'names', entity_type: 'CODE_NAME', deny_list: ['Project Falcon'] },
  ],
});
const SIZE = 100 * 1024;
const inputs: Record<string, string> = {
  'a run of digits': '7'.repeat(SIZE),
  'digits and single spaces': '1 '.repeat(SIZE / 2),
  'digits and dashes': '12-'.repeat(SIZE / 3),
  'a run of @': '@'.repeat(SIZE),
  '@ and dots': '@.'.repeat(SIZE / 2),
  'local-part characters and @': 'a.a@a'.repeat(SIZE / 5),
  'labels without a TLD': `x@${'a-'.repeat(SIZE / 2)}`,
  'no spaces at all (base64-like)': 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3'.repeat(SIZE / 40),
  'eyJ without dots': `token eyJ${'a'.repeat(SIZE)}`,
  'colons and hex': 'ab:'.repeat(SIZE / 3),
  'PEM BEGIN without END': `-----BEGIN RSA PRIVATE KEY-----\n${'A'.repeat(SIZE)}`,
  'password = and quotes': 'password="'.repeat(SIZE / 10),
  'URL userinfo without @': `x://${'u:'.repeat(SIZE / 2)}`,
  '"password is" repeated': 'password is '.repeat(SIZE / 12),
  "apostrophes before @": `${"'".repeat(SIZE)}@`,
  'secret words and tokens': 'secret token key '.repeat(SIZE / 17),
  'IBAN-like groups': 'GB82 '.repeat(SIZE / 5),
  'dotted numbers': '1.'.repeat(SIZE / 2),
};

describe('pii-redaction adversarial inputs (hang guard)', function () {
  this.timeout(60_000);
  for (const [name, text] of Object.entries(inputs)) {
    it(`finishes on 100 KB of ${name}`, () => {
      expect(plan.redactText(text, 'request').text).to.be.a('string');
    });
  }

  it('finishes streaming 100 KB of digits in small deltas', () => {
    const redactor = plan.createStreamRedactor('response');
    let out = '';
    const text = '4'.repeat(SIZE);
    for (let i = 0; i < text.length; i += 7) out += redactor.push(text.slice(i, i + 7));
    expect(out + redactor.flush()).to.equal(text);
  });
});
