import { createHmac } from 'node:crypto';

/** Domain separation: a tenant key is never the HMAC of a value some entity could also hash to. */
const DERIVATION_LABEL = 'switchyard/pii-hash/tenant/';
/** Derived keys kept per plan; past this many tenants the cache starts over (deriving costs ~2 µs). */
const MAX_CACHED_TENANTS = 10_000;

/**
 * The `hash` key per tenant. `global`: the master key for everyone. `tenant`: the tenant's
 * configured key, else HMAC-SHA256(master, label + tenant) as hex — stable across restarts and
 * gateways sharing the master key, different per tenant, and not reversible to the master.
 */
export function createTenantHashKeys(master: string | undefined, scope: 'global' | 'tenant', configured: { readonly [tenant: string]: string | undefined }): (tenant: string) => string | undefined {
  if (master === undefined) return () => undefined;
  if (scope === 'global') return () => master;
  const derived = new Map<string, string>();
  return (tenant) => {
    const own = Object.hasOwn(configured, tenant) ? configured[tenant] : undefined;
    if (own !== undefined) return own;
    let key = derived.get(tenant);
    if (key === undefined) {
      if (derived.size >= MAX_CACHED_TENANTS) derived.clear();
      key = createHmac('sha256', master).update(DERIVATION_LABEL + tenant, 'utf8').digest('hex');
      derived.set(tenant, key);
    }
    return key;
  };
}
