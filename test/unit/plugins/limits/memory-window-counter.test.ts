import { expect } from 'chai';
import { MemoryWindowCounter } from '../../../../plugins/limits/memory-window-counter.js';

describe('MemoryWindowCounter', () => {
  it('admits up to the limit in a clock-aligned window, then resets with the next window', async () => {
    let now = 120_000 + 59_000; // 59 s into a minute
    const counter = new MemoryWindowCounter(() => now);
    try {
      expect(await counter.consume('k', 2, 1, 60_000)).to.deep.equal({ allowed: true, used: 1, resetMs: 1000 });
      expect(await counter.consume('k', 2, 1, 60_000)).to.deep.equal({ allowed: true, used: 2, resetMs: 1000 });
      expect(await counter.consume('k', 2, 1, 60_000)).to.deep.equal({ allowed: false, used: 2, resetMs: 1000 });
      now += 1000;
      expect(await counter.consume('k', 2, 1, 60_000)).to.deep.equal({ allowed: true, used: 1, resetMs: 60_000 });
    } finally {
      await counter.close();
    }
  });

  it('adds usage after the fact and peeks without counting', async () => {
    const counter = new MemoryWindowCounter(() => 0);
    try {
      await counter.add('t', 13, 60_000);
      await counter.add('t', 7, 60_000);
      expect(await counter.peek('t', 60_000)).to.deep.equal({ used: 20, resetMs: 60_000 });
      expect(await counter.peek('other', 60_000)).to.deep.equal({ used: 0, resetMs: 60_000 });
    } finally {
      await counter.close();
    }
  });
});
