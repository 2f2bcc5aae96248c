import type { JwtVerifier } from './jwt-verifier.js';
import type { KeyStore } from './key-store.js';
import type { KeyRecord } from './key-record.js';
import type { Principal } from './principal.js';

export type Plane = 'data' | 'control';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Turns a presented credential into a principal for one plane. Control-plane keys work only on the
 * control plane. Data-plane keys work there too (their role still decides) only while no
 * control-plane auth is configured, as in SMG.
 */
export class Authenticator {
  constructor(
    readonly keys: KeyStore,
    private readonly jwt: JwtVerifier | undefined,
    private readonly controlPlaneAuthConfigured: boolean,
    /**
     * `auth.anonymous`: callers without a recognised credential are served as ANONYMOUS. Only ever
     * this explicit switch: a gateway whose last key was revoked stays closed.
     */
    readonly anonymous: boolean = false,
  ) {}

  async authenticate(credential: string, plane: Plane): Promise<Principal | undefined> {
    const record = this.keys.match(credential);
    if (record !== undefined) {
      const usable = plane === 'data' ? !record.controlPlane : record.controlPlane || !this.controlPlaneAuthConfigured;
      return usable ? principalOf(record) : undefined;
    }
    if (this.jwt !== undefined && JWT_SHAPE.test(credential)) return this.jwt.verify(credential);
    return undefined;
  }
}

/**
 * Records are frozen and replaced, never changed, so each one's principal is built once: every
 * request with a key would otherwise build two Sets for it (issue 11).
 */
const principals = new WeakMap<KeyRecord, Principal>();

export function principalOf(record: KeyRecord): Principal {
  let principal = principals.get(record);
  if (principal === undefined) {
    principal = buildPrincipal(record);
    if (Object.isFrozen(record)) principals.set(record, principal);
  }
  return principal;
}

function buildPrincipal(record: KeyRecord): Principal {
  return {
    kind: 'api_key',
    id: record.id,
    role: record.role,
    models: record.models ? new Set(record.models) : undefined,
    endpoints: record.endpoints ? new Set(record.endpoints) : undefined,
    grants: record.grants,
  };
}
