import { expect } from 'chai';
import { roleFrom } from '../../../../core/auth/jwt-verifier.js';
import { assertSelfServicePatch, assertWithinGrant } from '../../../../core/auth/grant-rules.js';
import { ANONYMOUS, type Principal } from '../../../../core/auth/principal.js';

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
  const restricted: Principal = { ...ANONYMOUS, kind: 'api_key', id: 'r', role: 'admin', models: new Set(['a', 'b']), budget: 10 };

  it('never lets a caller grant more than it holds', () => {
    expect(() => assertWithinGrant({ ...ANONYMOUS, role: 'user' }, { role: 'admin' }, false)).to.throw(/may not grant role admin/);
    expect(() => assertWithinGrant(restricted, { models: ['a', 'c'], budget: 5 }, true)).to.throw(/models you do not hold: c/);
    expect(() => assertWithinGrant(restricted, { models: null }, false)).to.throw(/unrestricted models/);
    expect(() => assertWithinGrant(restricted, { budget: 5 }, true)).to.throw(/unrestricted models/);
    expect(() => assertWithinGrant(restricted, { models: ['a'], budget: 11 }, true)).to.throw(/budget above your own/);
    expect(() => assertWithinGrant(restricted, { models: ['a'], budget: 10 }, true)).to.not.throw();
    expect(() => assertWithinGrant({ ...ANONYMOUS, role: 'admin' }, { role: 'admin', models: null, budget: null }, false)).to.not.throw();
  });

  it('non-admins may only rename and re-tag themselves', () => {
    const user = { ...ANONYMOUS, role: 'user' as const };
    expect(() => assertSelfServicePatch(user, { name: 'x', metadata: {} })).to.not.throw();
    expect(() => assertSelfServicePatch(user, { limits: null })).to.throw(/Only an admin can change limits/);
    expect(() => assertSelfServicePatch({ ...ANONYMOUS, role: 'admin' }, { role: 'user' })).to.not.throw();
  });
});
