import { expect } from 'chai';
import { withSeedPricing } from '../../../../../plugins/upstream/config/with-seed-pricing.js';

describe('withSeedPricing', () => {
  const seed = { a: { pricing: { currency: 'EUR', prompt_per_1m: 1, completion_per_1m: 2 } }, b: { pricing: { currency: 'USD', prompt_per_1m: 9, completion_per_1m: 9 } }, c: {} };

  it("folds model_config pricing into models, keeping a model's own metadata and its own pricing first", () => {
    const models = { a: { context_window: 8192 }, b: { pricing: { currency: 'USD', prompt_per_million: 3, completion_per_million: 4 } } };
    const merged = withSeedPricing(models, seed);
    expect(merged['a']).to.deep.equal({ context_window: 8192, pricing: { currency: 'EUR', prompt_per_million: 1, completion_per_million: 2 } });
    expect(merged['b']).to.equal(models.b);
    expect(Object.hasOwn(merged, 'c')).to.equal(false);
  });

  it('returns the same object when model_config prices nothing', () => {
    const models = { a: {} };
    expect(withSeedPricing(models, { x: {} })).to.equal(models);
  });
});
