import type { GrantDefinition } from '../../core/auth/grants.js';

export const BUDGET_GRANT_SCHEMA_ID = 'https://switchyard.dev/schemas/grants/budget.schema.json';

/**
 * A key's `budget` (spend limit in limits.currency), read by the budget stage. Nobody grants more
 * than they hold: a caller with a budget may only give budgets up to its own (and not "none").
 */
export const BUDGET_GRANT: GrantDefinition<number> = {
  field: 'budget',
  schemaId: BUDGET_GRANT_SCHEMA_ID,
  read: (value) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined),
  exceeds(held, wanted, isCreate) {
    if (held === undefined) return undefined;
    if ((isCreate && wanted === undefined) || wanted === null || (wanted !== undefined && wanted > held)) {
      return `You may not grant a budget above your own (${held}).`;
    }
    return undefined;
  },
};
