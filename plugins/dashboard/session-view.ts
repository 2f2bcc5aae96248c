import type { Principal } from '../../core/auth/principal.js';
import { GatewayError } from '../../core/errors/gateway-error.js';

export interface SessionView {
  /** Key id or token subject (never the secret). */
  readonly id: string;
  readonly kind: Principal['kind'];
  readonly role: Principal['role'];
  /** Only admin control-plane credentials may change anything (core/auth/route-guards.ts). */
  readonly can_write: boolean;
}

/** The caller of a control-plane route, as its guard established it. */
export function sessionView(principal: Principal | undefined): SessionView {
  // The control-plane guard always sets it; a missing one means the route was mounted wrongly.
  if (principal === undefined) throw new GatewayError('GW_ERR_INTERNAL', 'The dashboard session route ran without a caller.');
  return { id: principal.id, kind: principal.kind, role: principal.role, can_write: principal.role === 'admin' };
}
