import type { GrantDefinition } from '../../core/auth/grants.js';

export const TEAM_GRANT_SCHEMA_ID = 'https://switchyard.dev/schemas/grants/team.schema.json';

/**
 * A key's `team`: the budget stage records each request's cost against the key and its team, and
 * enforces the team's budget (`limits.teams.<team>.budget`) across all of the team's keys.
 */
export const TEAM_GRANT: GrantDefinition<string> = {
  field: 'team',
  schemaId: TEAM_GRANT_SCHEMA_ID,
  read: (value) => (typeof value === 'string' ? value : undefined),
  // A caller in a team cannot mint keys outside it (or in none) and so escape the team's budget.
  exceeds(held, wanted, isCreate) {
    if (held === undefined) return undefined;
    if (wanted === held || (!isCreate && wanted === undefined)) return undefined;
    return `Your key belongs to team "${held}": a key you create or change must belong to it too.`;
  },
};

/** The spend store's subject for a team's spend (key subjects are `<kind>:<id>`, never `team:`). */
export function teamSubject(team: string): string {
  return `team:${team}`;
}
