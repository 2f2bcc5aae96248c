import type { Grants } from './grants.js';
import type { Role } from './principal.js';

/** One API key as stored: everything but the secret, which is kept only as its SHA-256. */
export interface KeyRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** hex SHA-256 of the secret. */
  readonly digest: string;
  readonly source: 'config' | 'api';
  /** Control-plane keys authenticate only on the control plane; others only on the data plane. */
  readonly controlPlane: boolean;
  readonly models?: readonly string[];
  readonly endpoints?: readonly string[];
  readonly expires_at?: string;
  readonly enabled: boolean;
  readonly metadata: { readonly [key: string]: string | number | boolean | undefined };
  /** Stage-owned settings by field (limits, budget …), validated by their owners' schemas. */
  readonly grants: Grants;
  readonly created_at: string;
}

/** The fields a record has besides its grants, in the order they are shown. */
const OWN_FIELDS = ['id', 'name', 'role', 'source', 'controlPlane', 'models', 'endpoints', 'expires_at', 'enabled', 'metadata', 'created_at'] as const;

/** What the API shows of a key: never the digest; grants as fields of their own (`limits`, `budget`). */
export function viewOf(record: KeyRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const field of OWN_FIELDS) if (record[field] !== undefined) view[field] = record[field];
  return { ...view, ...record.grants };
}

/** The record as kept in the state directory: the view plus its digest. */
export function storedFormOf(record: KeyRecord): Record<string, unknown> {
  return { ...viewOf(record), digest: record.digest };
}
