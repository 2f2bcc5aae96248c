import { expect } from 'chai';
import { principalOf } from '../../../../core/auth/authenticator.js';
import type { KeyRecord } from '../../../../core/auth/key-record.js';

const record = (models: readonly string[]): KeyRecord => ({
  id: 'k1',
  name: 'one',
  role: 'user',
  digest: '00',
  source: 'api',
  controlPlane: false,
  models,
  enabled: true,
  metadata: {},
  grants: {},
  created_at: '2026-01-01T00:00:00Z',
});

/** A key's principal is built once per (frozen) record; a changed key is a new record and gets its own. */
describe('principalOf', () => {
  it('returns the same principal for the same frozen record, and a new one for its replacement', () => {
    const first = Object.freeze(record(['a']));
    expect(principalOf(first)).to.equal(principalOf(first));
    expect([...(principalOf(first).models ?? [])]).to.deep.equal(['a']);
    const replaced = Object.freeze(record(['b']));
    expect([...(principalOf(replaced).models ?? [])]).to.deep.equal(['b']);
  });

  it('builds a fresh principal each time for a record that could still change', () => {
    const open = record(['a']);
    expect(principalOf(open)).to.not.equal(principalOf(open));
  });
});
