import { expect } from 'chai';
import { buildPlanFromRawConfig } from '../../../support/pii-redaction-plan.js';

describe('pii-redaction analyzer', () => {
  it('raises a score with context words in the same clause and window', () => {
    const plan = buildPlanFromRawConfig({});
    const score = (text: string): number | undefined => plan.analyzer.analyze(text).find((finding) => finding.entityType === 'IBAN')?.score;
    expect(score('x GB82WEST12345698765432')).to.equal(0.95);
    expect(score('my iban GB82WEST12345698765432')).to.equal(1);
    expect(score('my iban. Then GB82WEST12345698765432')).to.equal(0.95);
    expect(score(`iban ${'x'.repeat(60)} GB82WEST12345698765432`)).to.equal(0.95);
  });

  it('adds configured context words to the built-in ones', () => {
    const plan = buildPlanFromRawConfig({ entities: { US_SSN: { context_words: ['numéro fiscal'] } } });
    expect(plan.analyzer.analyze('numéro fiscal 536228726').map((finding) => finding.entityType)).to.deep.equal(['US_SSN']);
  });

  it('resolves a secret that is also an assignment value to the specific type', () => {
    const plan = buildPlanFromRawConfig({});
    const text = 'api_key=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';
    expect(plan.analyzer.analyze(text).map((finding) => finding.entityType)).to.deep.equal(['OPENAI_API_KEY']);
  });
});
