import { expect } from 'chai';
import { computeCost } from '../../../../plugins/budget/compute-cost.js';

describe('computeCost', () => {
  const models = { priced: { pricing: { currency: 'USD', prompt_per_million: 3, completion_per_million: 15 } }, free: {} };

  it('prices prompt and completion tokens per million, per model', () => {
    const cost = computeCost(
      [
        { model: 'priced', promptTokens: 1_000_000, completionTokens: 100_000 },
        { model: 'priced', promptTokens: 10, completionTokens: 0 },
      ],
      models,
    );
    expect(cost).to.be.closeTo(3 + 1.5 + 0.00003, 1e-12);
  });

  it('charges nothing for unpriced or unknown models (and never reads inherited properties)', () => {
    expect(computeCost([{ model: 'free', promptTokens: 5, completionTokens: 5 }, { model: 'toString', promptTokens: 5, completionTokens: 5 }], models)).to.equal(0);
  });
});
