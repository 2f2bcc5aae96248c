import { expect } from 'chai';
import { priceUsage } from '../../../../../plugins/upstream/stage/price-usage.js';

describe('priceUsage', () => {
  const models = { priced: { pricing: { currency: 'USD', prompt_per_million: 3, completion_per_million: 15 } }, free: {} };

  it('prices prompt and completion tokens per million', () => {
    expect(priceUsage(models, 'priced', 1_000_000, 100_000)).to.be.closeTo(3 + 1.5, 1e-12);
    expect(priceUsage(models, 'priced', 10, 0)).to.be.closeTo(0.00003, 1e-12);
  });

  it('has no price for unpriced or unknown models (and never reads inherited properties)', () => {
    expect(priceUsage(models, 'free', 5, 5)).to.equal(undefined);
    expect(priceUsage(models, 'toString', 5, 5)).to.equal(undefined);
  });
});
