import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { ANONYMOUS } from '../../../../core/auth/principal.js';
import { TENANT_GRANT, tenantOf } from '../../../../plugins/pii-redaction/tenant-grant.js';
import { createTenantHashKeys } from '../../../../plugins/pii-redaction/tenant-hash-keys.js';
import { buildPlanFromRawConfig } from '../../../support/pii-redaction-plan.js';

const MASTER = 'a-test-hmac-key-of-32-characters!';

describe('pii-redaction per-tenant hash keys', () => {
  it('global scope: every tenant uses the master key', () => {
    const keyFor = createTenantHashKeys(MASTER, 'global', {});
    expect(keyFor('acme')).to.equal(MASTER);
    expect(keyFor('globex')).to.equal(MASTER);
  });

  it('tenant scope: a key per tenant, HMAC(master, label + tenant), stable, never the master', () => {
    const keyFor = createTenantHashKeys(MASTER, 'tenant', {});
    const expected = createHmac('sha256', MASTER).update('switchyard/pii-hash/tenant/acme').digest('hex');
    expect(keyFor('acme')).to.equal(expected);
    expect(keyFor('acme')).to.equal(createTenantHashKeys(MASTER, 'tenant', {})('acme'), 'stable across plans (restarts, gateways)');
    expect(keyFor('globex')).not.to.equal(keyFor('acme'));
    expect(keyFor('acme')).not.to.equal(MASTER);
  });

  it('tenant scope: a configured key wins for its tenant; others are derived', () => {
    const keyFor = createTenantHashKeys(MASTER, 'tenant', { acme: 'acme-own-key-0123456789' });
    expect(keyFor('acme')).to.equal('acme-own-key-0123456789');
    expect(keyFor('globex')).to.equal(createTenantHashKeys(MASTER, 'tenant', {})('globex'));
  });

  it('no key when nothing hashes', () => {
    expect(createTenantHashKeys(undefined, 'tenant', {})('acme')).to.equal(undefined);
    expect(buildPlanFromRawConfig({}).hashKeyFor('acme')).to.equal(undefined);
  });

  it('the plan hashes alike within a tenant and differently across tenants', () => {
    const plan = buildPlanFromRawConfig({ hash_key: MASTER, hash_scope: 'tenant', entities: { EMAIL: { request: 'hash', response: 'hash' } } });
    const text = 'mail jane.doe@example.com';
    const acme = plan.redactText(text, 'request', undefined, plan.hashKeyFor('acme')).text;
    const acmeAgain = plan.redactText(text, 'request', undefined, plan.hashKeyFor('acme')).text;
    const globex = plan.redactText(text, 'request', undefined, plan.hashKeyFor('globex')).text;
    expect(acme).to.match(/^mail <EMAIL:[0-9a-f]{12}>$/);
    expect(acmeAgain).to.equal(acme);
    expect(globex).not.to.equal(acme);
    const stream = plan.createResponseStream(undefined, plan.hashKeyFor('acme'));
    expect(stream.push(text) + stream.flush(), 'the answer side hashes with the same tenant key').to.equal(acme);
    const global = buildPlanFromRawConfig({ hash_key: MASTER, entities: { EMAIL: { request: 'hash' } } });
    expect(global.redactText(text, 'request', undefined, global.hashKeyFor('acme')).text).to.equal(global.redactText(text, 'request').text);
  });

  it('the schema refuses a bad tenant name and a short tenant key', () => {
    expect(() => buildPlanFromRawConfig({ hash_key: MASTER, hash_scope: 'tenant', tenant_hash_keys: { 'bad tenant': 'x'.repeat(20) } })).to.throw(/propertyName|property name|pattern/);
    expect(() => buildPlanFromRawConfig({ hash_key: MASTER, hash_scope: 'tenant', tenant_hash_keys: { acme: 'short' } })).to.throw(/fewer than 16|minLength|16/);
    expect(() => buildPlanFromRawConfig({ hash_key: MASTER, hash_scope: 'per-key' })).to.throw(/hash_scope/);
  });

  it("a caller's tenant: its key's tenant grant, else itself", () => {
    expect(tenantOf({ kind: 'api_key', id: 'k1', grants: { tenant: 'acme' } })).to.equal('acme');
    expect(tenantOf({ kind: 'api_key', id: 'k1', grants: {} })).to.equal('api_key:k1');
    expect(tenantOf({ kind: 'jwt', id: 'user-7', grants: {} })).to.equal('jwt:user-7');
    expect(tenantOf(ANONYMOUS)).to.equal('anonymous:anonymous');
  });

  it('a caller bound to a tenant grants only that tenant', () => {
    const exceeds = (held: string | undefined, wanted: string | null | undefined, isCreate: boolean): string | undefined => TENANT_GRANT.exceeds?.(held, wanted, isCreate);
    expect(exceeds(undefined, 'globex', true)).to.equal(undefined);
    expect(exceeds('acme', 'acme', true)).to.equal(undefined);
    expect(exceeds('acme', undefined, false), 'a patch that leaves the tenant alone').to.equal(undefined);
    expect(exceeds('acme', 'globex', true)).to.contain('tenant "acme"');
    expect(exceeds('acme', undefined, true)).to.contain('tenant "acme"');
    expect(exceeds('acme', null, false)).to.contain('tenant "acme"');
  });
});
