import { expect } from 'chai';
import { roleFrom } from '../../../../core/auth/jwt-verifier.js';
import { assertSelfServicePatch, assertWithinGrant } from '../../../../core/auth/grant-rules.js';
import { ANONYMOUS, type Principal } from '../../../../core/auth/principal.js';
import { BUDGET_GRANT } from '../../../../plugins/budget/budget-grant.js';
import { LIMITS_GRANT } from '../../../../plugins/rate-limit/limits-grant.js';

describe('JWT role mapping', () => {
  it('maps identity-provider roles, the highest wins, unknown ones get the least privilege', () => {
    const mapping = { devs: 'user', ops: 'admin', viewers: 'read-only' } as const;
    expect(roleFrom(['viewers', 'ops'], mapping)).to.equal('admin');
    expect(roleFrom('devs', mapping)).to.equal('user');
    expect(roleFrom(['admin'], mapping), 'with a mapping, raw names are not trusted').to.equal('read-only');
    expect(roleFrom(undefined, mapping)).to.equal('read-only');
    expect(roleFrom({ role: 'admin' }, mapping)).to.equal('read-only');
    expect(roleFrom('constructor', mapping)).to.equal('read-only');
    expect(roleFrom(['admin'], {}), 'without a mapping, gateway role names are taken as they are').to.equal('admin');
    expect(roleFrom('__proto__', {})).to.equal('read-only');
  });
});

describe('grant rules', () => {
  const grants = [BUDGET_GRANT, LIMITS_GRANT];
  const restricted: Principal = { ...ANONYMOUS, kind: 'api_key', id: 'r', role: 'admin', models: new Set(['a', 'b']), grants: { budget: 10 } };

  it('never lets a caller grant more than it holds (the budget rule is the budget plugin\'s)', () => {
    expect(() => assertWithinGrant({ ...ANONYMOUS, role: 'user' }, { role: 'admin' }, {}, grants, false)).to.throw(/may not grant role admin/);
    expect(() => assertWithinGrant(restricted, { models: ['a', 'c'] }, { budget: 5 }, grants, true)).to.throw(/models you do not hold: c/);
    expect(() => assertWithinGrant(restricted, { models: null }, {}, grants, false)).to.throw(/unrestricted models/);
    expect(() => assertWithinGrant(restricted, {}, { budget: 5 }, grants, true)).to.throw(/unrestricted models/);
    expect(() => assertWithinGrant(restricted, { models: ['a'] }, { budget: 11 }, grants, true)).to.throw(/budget above your own/);
    expect(() => assertWithinGrant(restricted, { models: ['a'] }, {}, grants, true), 'no budget on create is unlimited').to.throw(/budget above your own/);
    expect(() => assertWithinGrant(restricted, { models: ['a'] }, { budget: 10 }, grants, true)).to.not.throw();
    expect(() => assertWithinGrant({ ...ANONYMOUS, role: 'admin' }, { role: 'admin', models: null }, { budget: null }, grants, false)).to.not.throw();
  });

  it('non-admins may only rename and re-tag themselves', () => {
    const user = { ...ANONYMOUS, role: 'user' as const };
    const fields = grants.map((g) => g.field);
    expect(() => assertSelfServicePatch(user, { name: 'x', metadata: {} }, fields)).to.not.throw();
    expect(() => assertSelfServicePatch(user, { limits: null }, fields)).to.throw(/Only an admin can change limits/);
    expect(() => assertSelfServicePatch({ ...ANONYMOUS, role: 'admin' }, { role: 'user' }, fields)).to.not.throw();
  });
});
