import { expect } from 'chai';
import { rateLimitHeaders } from '../../../../plugins/rate-limit/rate-limit-headers.js';

describe('rateLimitHeaders', () => {
  it('describes the tightest request limit, with per-kind variants', () => {
    expect(
      rateLimitHeaders([
        { kind: 'requests', limit: 100, used: 10, resetMs: 1500 },
        { kind: 'requests', limit: 5, used: 4, resetMs: 30_000 },
        { kind: 'tokens', limit: 1000, used: 1200, resetMs: 30_000 },
      ]),
    ).to.deep.equal({
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '1',
      'x-ratelimit-reset': '30',
      'x-ratelimit-limit-requests': '5',
      'x-ratelimit-remaining-requests': '1',
      'x-ratelimit-reset-requests': '30s',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '30s',
    });
  });

  it('falls back to the token limit when no request limit applies, and says nothing without limits', () => {
    expect(rateLimitHeaders([{ kind: 'tokens', limit: 50, used: 8, resetMs: 100 }])).to.include({ 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '42', 'x-ratelimit-reset': '1' });
    expect(rateLimitHeaders([])).to.deep.equal({});
  });

  it("writes into a response's own headers when given them, keeping the others", () => {
    const headers: Record<string, string> = { 'x-request-cost': '0.1', 'x-ratelimit-limit': 'stale' };
    const written = rateLimitHeaders([{ kind: 'requests', limit: 3, used: 1, resetMs: 2500 }], headers);
    expect(written).to.equal(headers);
    expect(headers).to.deep.equal({
      'x-request-cost': '0.1',
      'x-ratelimit-limit': '3',
      'x-ratelimit-remaining': '2',
      'x-ratelimit-reset': '3',
      'x-ratelimit-limit-requests': '3',
      'x-ratelimit-remaining-requests': '2',
      'x-ratelimit-reset-requests': '3s',
    });
  });
});
