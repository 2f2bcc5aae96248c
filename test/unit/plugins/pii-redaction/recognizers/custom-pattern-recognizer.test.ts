import { expect } from 'chai';
import { PiiRedactionConfigError } from '../../../../../plugins/pii-redaction/build-redaction-plan.js';
import { buildPlanFromRawConfig } from '../../../../support/pii-redaction-plan.js';
import { findEntities } from './find-entities.js';

describe('pii-redaction custom pattern recognizer', () => {
  it('matches an operator regex with flags, once compiled', () => {
    const plan = buildPlanFromRawConfig({ custom_recognizers: [{ name: 'emp', entity_type: 'EMPLOYEE_ID', pattern: '\\bemp-\\d{6}\\b', flags: 'i' }] });
    expect(findEntities('ask EMP-123456 or emp-654321', plan)).to.deep.equal([['EMPLOYEE_ID', 'EMP-123456'], ['EMPLOYEE_ID', 'emp-654321']]);
  });

  it('applies a named validator', () => {
    const plan = buildPlanFromRawConfig({ custom_recognizers: [{ name: 'acct', entity_type: 'ACCOUNT', pattern: 'ACC\\d{8}', validator: 'luhn' }] });
    expect(findEntities('ACC12345674 ACC12345678 ACC49927398', plan).map(([, value]) => value)).to.deep.equal(['ACC12345674']);
  });

  it('refuses nested quantifiers, back-references and bad flags with a clear error', () => {
    const build = (pattern: string, flags = ''): unknown => buildPlanFromRawConfig({ custom_recognizers: [{ name: 'bad', entity_type: 'BAD', pattern, flags }] });
    expect(() => build('(a+)+$')).to.throw(PiiRedactionConfigError, /nested quantifier/);
    expect(() => build('(\\w+\\s?)*x')).to.throw(PiiRedactionConfigError, /nested quantifier/);
    expect(() => build('(["\'])x\\1')).to.throw(PiiRedactionConfigError, /back-references/);
    expect(() => build('([a-z')).to.throw(PiiRedactionConfigError, /custom recognizer "bad"/);
  });
});
