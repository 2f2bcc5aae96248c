import { expect } from 'chai';
import { formatCost, priceUsage } from '../../../../../plugins/upstream/stage/price-usage.js';

describe('priceUsage', () => {
  const models = {
    priced: { pricing: { currency: 'USD', prompt_per_million: 3, completion_per_million: 15 } },
    cached: { pricing: { currency: 'EUR', prompt_per_million: 2, completion_per_million: 8, cached_prompt_per_million: 0.5 } },
    free: {},
  };
  const usage = (model: string, promptTokens: number, completionTokens: number, cachedTokens?: number) =>
    priceUsage(models, { model, promptTokens, completionTokens, ...(cachedTokens === undefined ? {} : { cachedTokens }) });

  it('prices prompt and completion tokens per million, in the pricing currency', () => {
    expect(usage('priced', 1_000_000, 100_000).cost).to.be.closeTo(3 + 1.5, 1e-12);
    expect(usage('priced', 10, 0).cost).to.be.closeTo(0.00003, 1e-12);
    expect(usage('priced', 10, 0).currency).to.equal('USD');
  });

  it('counts cached prompt tokens once, at the cached price (the prompt price when none is set)', () => {
    // 1M prompt of which 400k cached: 600k * 2 + 400k * 0.5 + 100k * 8, per million.
    expect(usage('cached', 1_000_000, 100_000, 400_000).cost).to.be.closeTo(1.2 + 0.2 + 0.8, 1e-12);
    expect(usage('cached', 1, 0).currency).to.equal('EUR');
    expect(usage('priced', 1_000_000, 0, 400_000).cost).to.be.closeTo(3, 1e-12);
    // An upstream that reports more cached than prompt tokens is not allowed to make cost negative.
    expect(usage('cached', 10, 0, 50).cost).to.be.closeTo(10 * 0.5 / 1e6, 1e-15);
  });

  it('has no price for unpriced or unknown models (and never reads inherited properties)', () => {
    expect(usage('free', 5, 5).cost).to.equal(undefined);
    expect(usage('toString', 5, 5).cost).to.equal(undefined);
  });

  it('formats costs as plain decimals', () => {
    expect(formatCost(19)).to.equal('19');
    expect(formatCost(0)).to.equal('0');
    expect(formatCost(0.0000012)).to.equal('0.0000012');
    expect(formatCost(10)).to.equal('10');
  });
});
