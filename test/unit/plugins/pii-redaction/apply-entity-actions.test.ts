import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { applyEntityActions, hashEntityValue } from '../../../../plugins/pii-redaction/apply-entity-actions.js';
import { EntityTally } from '../../../../plugins/pii-redaction/entity-tally.js';
import type { EntityAction } from '../../../../plugins/pii-redaction/entity-types.js';
import { PlaceholderVault } from '../../../../plugins/pii-redaction/placeholder-vault.js';

const text = 'mail a@b.io or c@d.io, card 4111111111111111';
const findings = [
  { entityType: 'EMAIL', start: 5, end: 11, score: 0.9 },
  { entityType: 'EMAIL', start: 15, end: 21, score: 0.9 },
  { entityType: 'CREDIT_CARD', start: 28, end: 44, score: 0.85 },
];

function apply(actions: Record<string, EntityAction>, vault?: PlaceholderVault): { out: string; tally: EntityTally } {
  const tally = new EntityTally();
  const out = applyEntityActions(text, 0, text.length, findings, { actionFor: (type) => actions[type] ?? 'mask', hashKey: 'k'.repeat(16), hashLength: 12, vault }, tally);
  return { out, tally };
}

describe('pii-redaction entity actions', () => {
  it('masks, redacts and allows, counting per type and action', () => {
    const { out, tally } = apply({ EMAIL: 'mask', CREDIT_CARD: 'redact' });
    expect(out).to.equal('mail <EMAIL> or <EMAIL>, card ');
    expect(tally.snapshot()).to.deep.equal({ entities: { CREDIT_CARD: 1, EMAIL: 2 }, actions: { CREDIT_CARD: { redact: 1 }, EMAIL: { mask: 2 } }, blocked: [] });
    expect(apply({ EMAIL: 'allow', CREDIT_CARD: 'allow' }).out).to.equal(text);
  });

  it('hashes with a keyed, truncated HMAC-SHA256 that is stable for the same value', () => {
    const { out } = apply({ EMAIL: 'hash', CREDIT_CARD: 'mask' });
    const expected = createHmac('sha256', 'k'.repeat(16)).update('a@b.io').digest('hex').slice(0, 12);
    expect(out).to.equal(`mail <EMAIL:${expected}> or <EMAIL:${hashEntityValue('k'.repeat(16), 'c@d.io', 12)}>, card <CREDIT_CARD>`);
    expect(hashEntityValue('another-key-16-chars', 'a@b.io', 12)).not.to.equal(expected);
  });

  it('reports a block and still masks the value', () => {
    const { out, tally } = apply({ CREDIT_CARD: 'block' });
    expect(out).to.equal('mail <EMAIL> or <EMAIL>, card <CREDIT_CARD>');
    expect(tally.blocked).to.equal(true);
    expect(tally.snapshot().blocked).to.deep.equal(['CREDIT_CARD']);
  });

  it('numbers masks through a vault', () => {
    const vault = new PlaceholderVault();
    expect(apply({}, vault).out).to.equal('mail <EMAIL_1> or <EMAIL_2>, card <CREDIT_CARD_1>');
  });
});
