import { expect } from 'chai';
import { findEntities } from './find-entities.js';

const body36 = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

describe('pii-redaction vendor token recognizers', () => {
  const cases: Array<[string, string]> = [
    ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE'],
    ['AWS_ACCESS_KEY_ID', 'ASIAY34FZKBOKMUTVV7A'],
    ['GITHUB_TOKEN', `ghp_${body36}`],
    ['GITHUB_TOKEN', `gho_${body36}`],
    ['GITHUB_TOKEN', `ghs_${body36}`],
    ['GITHUB_TOKEN', `github_pat_11ABCDEFG0123456789abc_${body36}${body36.slice(0, 23)}`],
    ['GITLAB_TOKEN', 'glpat-Ab1Cd2Ef3Gh4Ij5Kl6Mn'],
    ['SLACK_TOKEN', 'xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['SLACK_WEBHOOK', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
    ['STRIPE_KEY', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
    ['STRIPE_KEY', 'rk_live_51H8xYzAbCdEfGhIjKlMnOp'],
    ['STRIPE_KEY', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'],
    ['OPENAI_API_KEY', 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6hIj9kLm2n'],
    ['OPENAI_API_KEY', 'sk-Ab3dEf6hIj9kLm2nOp5qRs8tT3BlbkFJUv1wXy4zAb3dEf6hIj9k'],
    ['ANTHROPIC_API_KEY', 'sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_Ab3dEf6hIj9kLm2nOp5qRs8t-AA'],
  ];
  for (const [type, token] of cases) {
    it(`finds ${type} ${token.slice(0, 14)}…`, () => {
      expect(findEntities(`use ${token} here`)).to.deep.equal([[type, token]]);
    });
  }

  it('refuses tokens inside longer words, too short, or not random', () => {
    expect(findEntities(`xghp_${body36} AKIAIOSFODNN7EXAMPL glpat-short sk-learn-compatible-estimator-wrapper-v2`)).to.deep.equal([]);
    expect(findEntities('ask-for-the-thing-that-is-long-enough xoxb-abcdefghijklmnop')).to.deep.equal([]);
  });
});
