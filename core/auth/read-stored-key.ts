import type { SchemaValidators } from '../schema/schema-validators.js';
import type { KeyRecord } from './key-record.js';
import type { Role } from './principal.js';

const STORED_KEY_SCHEMA_ID = 'https://switchyard.dev/schemas/state/api-key.schema.json';

/** schemas/state/api-key.schema.json. */
interface StoredKey {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly digest: string;
  readonly models?: readonly string[];
  readonly endpoints?: readonly string[];
  readonly expires_at?: string;
  readonly enabled: boolean;
  readonly metadata: { readonly [key: string]: string | number | boolean | undefined };
  readonly created_at: string;
}

export type StoredKeyReader = (value: unknown) => { readonly record: KeyRecord } | { readonly problem: string };

/**
 * Reads one key back from the state directory, checking it as carefully as a new one: the record's
 * own fields by schema, each grant field by its owner's schema. A file edited by hand (or by an
 * older version) never smuggles a malformed key in; a field no plugin owns any more is dropped.
 */
export function createStoredKeyReader(validators: SchemaValidators, grantSchemas: Readonly<Record<string, string>>): StoredKeyReader {
  const isStoredKey = validators.guard<StoredKey>(STORED_KEY_SCHEMA_ID);
  return (value) => {
    if (!isStoredKey(value)) return { problem: 'not a valid key record' };
    const grants: Record<string, unknown> = {};
    for (const [field, schemaId] of Object.entries(grantSchemas)) {
      const grant: unknown = Reflect.get(value, field);
      if (grant === undefined) continue;
      const issues = validators.validateConfig(schemaId, grant);
      if (issues.length > 0) return { problem: `${field}${issues[0]?.path ?? ''} ${issues[0]?.message ?? 'is invalid'}` };
      grants[field] = grant;
    }
    const { id, name, role, digest, models, endpoints, expires_at: expiresAt, enabled, metadata, created_at: createdAt } = value;
    return {
      record: {
        id,
        name,
        role,
        digest,
        source: 'api',
        controlPlane: false,
        ...(models === undefined ? {} : { models }),
        ...(endpoints === undefined ? {} : { endpoints }),
        ...(expiresAt === undefined ? {} : { expires_at: expiresAt }),
        enabled,
        metadata,
        grants,
        created_at: createdAt,
      },
    };
  };
}
