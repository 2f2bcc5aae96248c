import { forbidden } from './route-guards.js';
import { ROLE_RANK, type Principal, type Role } from './principal.js';

/** Fields that widen or narrow what a key may do; only an admin changes them. */
export const SCOPE_FIELDS = ['role', 'models', 'endpoints', 'expires_at', 'enabled', 'limits', 'budget'] as const;

export interface GrantFields {
  readonly role?: Role;
  readonly models?: readonly string[] | null;
  readonly endpoints?: readonly string[] | null;
  readonly budget?: number | null;
}

/**
 * A caller can never give a key (its own included) more than it holds: a higher role, a model or
 * endpoint outside its own allowlist, "all" when it is itself restricted, or a larger budget.
 */
export function assertWithinGrant(caller: Principal, fields: GrantFields, isCreate: boolean): void {
  if (fields.role !== undefined && ROLE_RANK[fields.role] > ROLE_RANK[caller.role]) {
    throw forbidden(`You may not grant role ${fields.role}.`);
  }
  assertSubset('models', caller.models, fields.models, isCreate);
  assertSubset('endpoints', caller.endpoints, fields.endpoints, isCreate);
  if (caller.budget !== undefined) {
    const budget = fields.budget;
    if ((isCreate && budget === undefined) || budget === null || (budget !== undefined && budget > caller.budget)) {
      throw forbidden(`You may not grant a budget above your own (${caller.budget}).`);
    }
  }
}

function assertSubset(name: string, held: ReadonlySet<string> | undefined, wanted: readonly string[] | null | undefined, isCreate: boolean): void {
  if (held === undefined) return;
  if (wanted === null || (isCreate && wanted === undefined)) throw forbidden(`You may not grant unrestricted ${name}.`);
  const outside = (wanted ?? []).filter((item) => !held.has(item));
  if (outside.length > 0) throw forbidden(`You may not grant ${name} you do not hold: ${outside.slice(0, 5).join(', ').slice(0, 300)}.`);
}

/** Non-admins may change only their own key's name and metadata. */
export function assertSelfServicePatch(caller: Principal, patch: object): void {
  if (caller.role === 'admin') return;
  const scoped = SCOPE_FIELDS.filter((field) => Object.hasOwn(patch, field));
  if (scoped.length > 0) throw forbidden(`Only an admin can change ${scoped.join(', ')}.`);
}
