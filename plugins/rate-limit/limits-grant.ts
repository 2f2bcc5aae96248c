import type { GrantDefinition } from '../../core/auth/grants.js';
import type { KeyLimits } from './key-limits.generated.js';

export const LIMITS_GRANT_SCHEMA_ID = 'https://switchyard.dev/schemas/grants/limits.schema.json';

type LimitPair = NonNullable<KeyLimits['models']>[string];

function isCount(value: unknown): value is number | undefined {
  return value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= 0);
}

function isLimitPair(value: unknown): value is NonNullable<LimitPair> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && isCount(Reflect.get(value, 'rpm')) && isCount(Reflect.get(value, 'tpm'));
}

/**
 * A key's `limits` (requests and tokens per window, key-wide and per model), read by the
 * rate-limit stage. Validated by schemas/grants/limits.schema.json when a key is configured,
 * created or patched; `read` only narrows what was validated.
 */
export const LIMITS_GRANT: GrantDefinition<KeyLimits> = {
  field: 'limits',
  schemaId: LIMITS_GRANT_SCHEMA_ID,
  read(value) {
    if (!isLimitPair(value)) return undefined;
    const models: unknown = Reflect.get(value, 'models');
    if (models === undefined) return value;
    if (models === null || typeof models !== 'object' || !Object.values(models).every(isLimitPair)) return undefined;
    return value;
  },
};
