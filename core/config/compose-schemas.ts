import { createHash } from 'node:crypto';
import type { SchemaValidators } from '../schema/schema-validators.js';

/** What plugins add to the kernel's schemas: config sections, and grant fields on API keys. */
export interface SchemaExtensions {
  /** Top-level config key → `$id` of its schema. */
  readonly sections: Readonly<Record<string, string>>;
  /** Key-record field → `$id` of its schema (`limits`, `budget` …). */
  readonly grants: Readonly<Record<string, string>>;
}

export const NO_EXTENSIONS: SchemaExtensions = Object.freeze({ sections: {}, grants: {} });

export const CONFIG_SCHEMA_ID = 'https://switchyard.dev/schemas/config.schema.json';
export const KEY_CREATE_SCHEMA_ID = 'https://switchyard.dev/schemas/admin/key-create.schema.json';
export const KEY_UPDATE_SCHEMA_ID = 'https://switchyard.dev/schemas/admin/key-update.schema.json';

export interface ComposedSchemas {
  readonly config: string;
  readonly keyCreate: string;
  readonly keyUpdate: string;
}

type Json = Readonly<Record<string, unknown>>;

/**
 * The kernel's config and key-admin schemas with every plugin's additions, registered once under
 * ids derived from the additions (so the same plugins always compose the same schemas). A config
 * file is then validated in one pass and every error, kernel's or plugin's, is reported at once.
 */
export function composeSchemas(validators: SchemaValidators, extensions: SchemaExtensions): ComposedSchemas {
  const tag = createHash('sha256').update(JSON.stringify([sorted(extensions.sections), sorted(extensions.grants)])).digest('hex').slice(0, 16);
  const withSections = (base: Json): Json => {
    const properties = { ...record(base['properties']) };
    for (const [key, schemaId] of Object.entries(extensions.sections)) {
      // An absent section is empty, as for kernel sections (Ajv ignores a default at a schema's root).
      properties[key] = { $ref: schemaId, default: validators.source(schemaId)['type'] === 'array' ? [] : {} };
    }
    return { ...base, properties };
  };
  const withGrants = (base: Json, nullable: boolean): Json => {
    const properties = { ...record(base['properties']) };
    for (const [field, schemaId] of Object.entries(extensions.grants)) {
      properties[field] = nullable ? { anyOf: [{ type: 'null' }, { $ref: schemaId }] } : { $ref: schemaId };
    }
    return { ...base, properties };
  };

  const config = validators.source(CONFIG_SCHEMA_ID);
  const definitions = record(config['definitions']);
  const composedConfig = withSections({
    ...config,
    definitions: { ...definitions, apiKey: withGrants(record(definitions['apiKey']), false) },
  });
  const ids = {
    config: `https://switchyard.dev/schemas/composed/${tag}/config.schema.json`,
    keyCreate: `https://switchyard.dev/schemas/composed/${tag}/key-create.schema.json`,
    keyUpdate: `https://switchyard.dev/schemas/composed/${tag}/key-update.schema.json`,
  };
  validators.registerComposed({ ...composedConfig, $id: ids.config });
  validators.registerComposed({ ...withGrants(validators.source(KEY_CREATE_SCHEMA_ID), false), $id: ids.keyCreate });
  validators.registerComposed({ ...withGrants(validators.source(KEY_UPDATE_SCHEMA_ID), true), $id: ids.keyUpdate });
  return ids;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

function sorted(map: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(map).sort(([a], [b]) => a.localeCompare(b));
}
