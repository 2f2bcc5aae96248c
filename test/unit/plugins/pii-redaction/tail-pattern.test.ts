import { expect } from 'chai';
import { createTailPattern, findTailStart, literalPrefixSource } from '../../../../plugins/pii-redaction/tail-pattern.js';

describe('pii-redaction tail patterns', () => {
  it('builds a pattern matching every prefix of the given words and nothing else', () => {
    const re = new RegExp(`^(?:${literalPrefixSource(['ghp_', 'gho_', 'sk-'])})$`);
    for (const prefix of ['g', 'gh', 'ghp', 'ghp_', 'gho', 'gho_', 's', 'sk', 'sk-']) expect(re.test(prefix), prefix).to.equal(true);
    for (const other of ['', 'h', 'ghx', 'ghp_x', 'k-', 'sk_']) expect(re.test(other), other).to.equal(false);
  });

  it('finds the earliest accepted start of a tail within its maximum length', () => {
    const tail = createTailPattern('(?<![a-z])[a-z]{1,5}', '', 5);
    expect(findTailStart(tail, 'xy abc', 0, () => true)).to.equal(3);
    expect(findTailStart(tail, 'abcdefgh', 0, () => true)).to.equal(-1);
    expect(findTailStart(tail, 'xy abc', 0, (anchor) => anchor > 3)).to.equal(-1);
    expect(findTailStart(tail, 'xy abc ', 0, () => true)).to.equal(-1);
  });
});
