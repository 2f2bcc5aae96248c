import type { KeyLimits, Role } from './principal.js';

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
  readonly metadata: Readonly<Record<string, string | number | boolean>>;
  readonly limits?: KeyLimits;
  readonly budget?: number;
  readonly created_at: string;
}

/** What the API shows of a key: never the digest. */
export type KeyView = Omit<KeyRecord, 'digest'>;

export function viewOf(record: KeyRecord): KeyView {
  const view: Record<string, unknown> = { ...record };
  delete view['digest'];
  return view as KeyView;
}
