import { expect } from 'chai';
import fc from 'fast-check';
import { localPartStarts, EMAIL_PATTERN } from '../../../../plugins/pii-redaction/recognizers/email-recognizer.js';
import { createCharSet, forEachMatch, forEachRunStart } from '../../../../plugins/pii-redaction/scan-matches.js';

function collect(visitAll: (visit: (index: number) => void) => void): number[] {
  const found: number[] = [];
  visitAll((index) => found.push(index));
  return found;
}

describe('pii-redaction match scanning', () => {
  it('forEachMatch reports every match start, overlapping ones included', () => {
    expect(collect((visit) => forEachMatch(/aa/g, 'aaaa', 0, (match) => visit(match.index)))).to.deep.equal([0, 1, 2]);
    expect(collect((visit) => forEachMatch(/aa/g, 'aaaa', 2, (match) => visit(match.index)))).to.deep.equal([2]);
  });

  it('forEachRunStart visits exactly the starts a lookbehind regex would match', () => {
    const run = createCharSet(/[a-c]/);
    const blocked = createCharSet(/[a-c.]/);
    const reference = /(?<![a-c.])[a-c]{3,}/g;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', ' ', '-'), maxLength: 40 }), fc.nat(40), (text, rawFrom) => {
        const from = rawFrom % (text.length + 1);
        const expected = collect((visit) => forEachMatch(reference, text, from, (match) => visit(match.index)));
        expect(collect((visit) => forEachRunStart(text, from, run, blocked, 3, visit))).to.deep.equal(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('the email anchors include every position the email pattern matches at', () => {
    const alphabet = fc.constantFrom('a', 'b', '.', '@', '-', ' ', 'co', 'x1', '+', '%');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), fc.nat(60), (parts, rawFrom) => {
        const text = parts.join('');
        const from = rawFrom % (text.length + 1);
        const anchors = new Set(collect((visit) => localPartStarts(text, from, visit)));
        forEachMatch(EMAIL_PATTERN, text, from, (match) => expect(anchors.has(match.index), `${text} @${match.index}`).to.equal(true));
      }),
      { numRuns: 1000 },
    );
  });
});
