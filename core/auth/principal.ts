import type { Grants } from './grants.js';

export type Role = 'admin' | 'user' | 'read-only';

/** Rank for "never grant more than you hold" checks. */
export const ROLE_RANK: Readonly<Record<Role, number>> = { 'read-only': 0, user: 1, admin: 2 };

/** Who is calling, as established by the route's guard. Never holds a secret. */
export interface Principal {
  readonly kind: 'anonymous' | 'api_key' | 'jwt';
  /** Key id or token subject; safe to log. */
  readonly id: string;
  readonly role: Role;
  /** Undefined: every model. */
  readonly models: ReadonlySet<string> | undefined;
  /** Undefined: every route of its group. */
  readonly endpoints: ReadonlySet<string> | undefined;
  /** Per-key settings owned by stages (limits, budget …), read with `grantOf`. */
  readonly grants: Grants;
}

/** The caller when no data-plane credential is configured at all (an open gateway). */
export const ANONYMOUS: Principal = Object.freeze({
  kind: 'anonymous',
  id: 'anonymous',
  role: 'user',
  models: undefined,
  endpoints: undefined,
  grants: Object.freeze({}),
});

const SUBJECTS = new WeakMap<Principal, string>();

/**
 * `kind:id`: the name rate limits, spend, caches and the request log file a caller under. One
 * string per principal object, so the maps keyed by it hash it once: a key's principal is built
 * once. A JWT's is built per request; its entry goes with it, a small cost beside verifying the
 * token.
 */
export function subjectOf(principal: Principal): string {
  let subject = SUBJECTS.get(principal);
  if (subject === undefined) {
    subject = `${principal.kind}:${principal.id}`;
    SUBJECTS.set(principal, subject);
  }
  return subject;
}
