import type { GrantDefinition } from '../../core/auth/grants.js';

export const TENANT_GRANT_SCHEMA_ID = 'https://switchyard.dev/schemas/grants/tenant.schema.json';

/**
 * A key's `tenant`: keys of one tenant share the pii-redaction stage's hash key when a route sets
 * `hash_scope: tenant`, so hashed values join within a tenant and not across tenants. Validated by
 * schemas/grants/tenant.schema.json when a key is configured, created or patched.
 */
export const TENANT_GRANT: GrantDefinition<string> = {
  field: 'tenant',
  schemaId: TENANT_GRANT_SCHEMA_ID,
  read: (value) => (typeof value === 'string' ? value : undefined),
  // A caller bound to a tenant cannot mint keys of another tenant (or of none) and read across.
  exceeds(held, wanted, isCreate) {
    if (held === undefined) return undefined;
    if (wanted === held || (!isCreate && wanted === undefined)) return undefined;
    return `Your key belongs to tenant "${held}": a key you create or change must belong to it too.`;
  },
};

/**
 * Whose hash key a caller uses: its key's tenant, else the caller itself (a key without a tenant,
 * a JWT subject, the anonymous caller), so two callers never share hashes by accident.
 */
export function tenantOf(principal: { readonly kind: string; readonly id: string; readonly grants: Readonly<Record<string, unknown>> }): string {
  const tenant = Object.hasOwn(principal.grants, TENANT_GRANT.field) ? TENANT_GRANT.read(principal.grants[TENANT_GRANT.field]) : undefined;
  return tenant ?? `${principal.kind}:${principal.id}`;
}
