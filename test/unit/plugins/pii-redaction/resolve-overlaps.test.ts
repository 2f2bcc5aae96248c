import { expect } from 'chai';
import fc from 'fast-check';
import { resolveOverlaps, type Finding } from '../../../../plugins/pii-redaction/resolve-overlaps.js';

describe('pii-redaction overlap resolution', () => {
  it('prefers the higher score, then the longer span', () => {
    const findings: Finding[] = [
      { entityType: 'CREDENTIAL', start: 8, end: 60, score: 0.7 },
      { entityType: 'OPENAI_API_KEY', start: 8, end: 60, score: 0.9 },
      { entityType: 'PHONE', start: 70, end: 80, score: 0.55 },
      { entityType: 'PHONE', start: 66, end: 80, score: 0.55 },
    ];
    expect(resolveOverlaps(findings).map((finding) => finding.entityType + finding.start)).to.deep.equal(['OPENAI_API_KEY8', 'PHONE66']);
  });

  it('keeps a set of non-overlapping findings that does not depend on input order', () => {
    const finding = fc.record({ entityType: fc.constantFrom('A', 'B'), start: fc.nat(50), length: fc.integer({ min: 1, max: 10 }), score: fc.constantFrom(0.5, 0.7, 0.9) });
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 30 }), (raw) => {
        const findings = raw.map(({ length, ...rest }) => ({ ...rest, end: rest.start + length }));
        const kept = resolveOverlaps(findings);
        for (let i = 1; i < kept.length; i++) expect((kept[i]?.start ?? 0) >= (kept[i - 1]?.end ?? 0)).to.equal(true);
        expect(resolveOverlaps([...findings].reverse())).to.deep.equal(kept);
      }),
    );
  });
});
