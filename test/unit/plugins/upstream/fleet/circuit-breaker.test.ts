import { expect } from 'chai';
import { CircuitBreaker, type BreakerState } from '../../../../../plugins/upstream/fleet/circuit-breaker.js';

describe('CircuitBreaker', () => {
  it('closed → open after N failures → half-open after the cool-down with one probe at a time → closed after M successes', () => {
    let now = 0;
    const changes: BreakerState[] = [];
    const breaker = new CircuitBreaker({ failure_threshold: 3, cooldown_ms: 1000, success_threshold: 2 }, () => now, (s) => changes.push(s));
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess(); // a success resets the count
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).to.equal('closed');
    breaker.recordFailure();
    expect(breaker.state).to.equal('open');
    expect(breaker.tryAcquire()).to.equal(false);
    now = 999;
    expect(breaker.available).to.equal(false);
    now = 1000;
    expect(breaker.state).to.equal('half_open');
    expect(breaker.tryAcquire(), 'the probe').to.equal(true);
    expect(breaker.tryAcquire(), 'one probe at a time').to.equal(false);
    expect(breaker.available).to.equal(false);
    breaker.recordSuccess();
    expect(breaker.state).to.equal('half_open');
    expect(breaker.tryAcquire()).to.equal(true);
    breaker.recordSuccess();
    expect(breaker.state).to.equal('closed');
    expect(changes).to.deep.equal(['open', 'half_open', 'closed']);
  });

  it('a failed probe reopens for another cool-down', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failure_threshold: 1, cooldown_ms: 100, success_threshold: 1 }, () => now);
    breaker.recordFailure();
    now = 100;
    expect(breaker.tryAcquire()).to.equal(true);
    breaker.recordFailure();
    expect(breaker.state).to.equal('open');
    now = 150;
    expect(breaker.available).to.equal(false);
    now = 200;
    expect(breaker.available).to.equal(true);
  });
});
