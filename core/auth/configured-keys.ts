import type { ApiKeyConfig } from '../config/gateway-config.js';
import { digestKey } from './key-digest.js';
import type { KeyRecord } from './key-record.js';

/**
 * Config key entries → records (the secret is digested here and not kept). Grant fields were
 * validated with the rest of the config by their owners' schemas.
 */
export function recordsFromConfig(keys: readonly ApiKeyConfig[], controlPlane: boolean, startedAt: string, grantFields: readonly string[]): KeyRecord[] {
  return keys.map((key) => {
    const grants: Record<string, unknown> = {};
    for (const field of grantFields) {
      const value: unknown = Reflect.get(key, field);
      if (value !== undefined) grants[field] = value;
    }
    return {
      id: key.id,
      name: key.name ?? key.id,
      role: key.role ?? (controlPlane ? 'admin' : 'user'),
      digest: key.key_sha256 ?? digestKey(key.key ?? '').toString('hex'),
      source: 'config',
      controlPlane,
      ...(key.models ? { models: key.models } : {}),
      ...(key.endpoints ? { endpoints: key.endpoints } : {}),
      ...(key.expires_at ? { expires_at: key.expires_at } : {}),
      enabled: key.enabled,
      metadata: key.metadata ?? {},
      grants,
      created_at: startedAt,
    };
  });
}
