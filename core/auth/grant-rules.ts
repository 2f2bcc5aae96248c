import { forbidden } from './route-guards.js';
import type { AnyGrantDefinition } from './grants.js';
import { ROLE_RANK, type Principal, type Role } from './principal.js';

/** Fields that widen or narrow what a key may do; only an admin changes them (grants are scope too). */
export const SCOPE_FIELDS = ['role', 'models', 'endpoints', 'expires_at', 'enabled'] as const;

export interface ScopeFields {
  readonly role?: Role;
  readonly models?: readonly string[] | null;
  readonly endpoints?: readonly string[] | null;
}

/**
 * A caller can never give a key (its own included) more than it holds: a higher role, a model or
 * endpoint outside its own allowlist, "all" when it is itself restricted — and, for each grant, what
 * the grant's owner says exceeds the caller's own (a larger budget …).
 */
export function assertWithinGrant(caller: Principal, fields: ScopeFields, grantValues: Readonly<Record<string, unknown>>, grants: readonly AnyGrantDefinition[], isCreate: boolean): void {
  if (fields.role !== undefined && ROLE_RANK[fields.role] > ROLE_RANK[caller.role]) {
    throw forbidden(`You may not grant role ${fields.role}.`);
  }
  assertSubset('models', caller.models, fields.models, isCreate);
  assertSubset('endpoints', caller.endpoints, fields.endpoints, isCreate);
  for (const grant of grants) {
    if (grant.exceeds === undefined) continue;
    const held = Object.hasOwn(caller.grants, grant.field) ? grant.read(caller.grants[grant.field]) : undefined;
    const raw = grantValues[grant.field];
    const wanted = raw === null ? null : raw === undefined ? undefined : grant.read(raw);
    const why = grant.exceeds(held, wanted, isCreate);
    if (why !== undefined) throw forbidden(why);
  }
}

function assertSubset(name: string, held: ReadonlySet<string> | undefined, wanted: readonly string[] | null | undefined, isCreate: boolean): void {
  if (held === undefined) return;
  if (wanted === null || (isCreate && wanted === undefined)) throw forbidden(`You may not grant unrestricted ${name}.`);
  const outside = (wanted ?? []).filter((item) => !held.has(item));
  if (outside.length > 0) throw forbidden(`You may not grant ${name} you do not hold: ${outside.slice(0, 5).join(', ').slice(0, 300)}.`);
}

/** Non-admins may change only their own key's name and metadata. */
export function assertSelfServicePatch(caller: Principal, patch: object, grantFields: readonly string[]): void {
  if (caller.role === 'admin') return;
  const scoped = [...SCOPE_FIELDS, ...grantFields].filter((field) => Object.hasOwn(patch, field));
  if (scoped.length > 0) throw forbidden(`Only an admin can change ${scoped.join(', ')}.`);
}
