import { grantOf } from '../../core/auth/grants.js';
import { GatewayError } from '../../core/errors/gateway-error.js';
import { createStateKey } from '../../core/pipeline/exchange-state.js';
import type { Exchange } from '../../core/pipeline/exchange.js';
import type { Next, Stage, StageContext } from '../../core/pipeline/stage-contract.js';
import type { SpendStore } from '../limits/spend-store.js';
import type { BudgetConfig } from './budget-config.generated.js';
import { BUDGET_GRANT } from './budget-grant.js';
import { TEAM_GRANT, teamSubject } from './team-grant.js';
import { subjectOf, type Principal } from '../../core/auth/principal.js';

export const BUDGET_SCHEMA_ID = 'https://switchyard.dev/schemas/stages/budget.schema.json';

/** Whose spend this request is: the key's subject, and its team's when it has one. */
const SUBJECTS = createStateKey<readonly string[]>('budget.subjects');

/** A principal's spend subjects, made once per principal (a key's principal is built once). */
const SPEND_SUBJECTS = new WeakMap<Principal, readonly string[]>();

function spendSubjectsOf(principal: Principal, subject: string, team: string | undefined): readonly string[] {
  let subjects = SPEND_SUBJECTS.get(principal);
  if (subjects === undefined) {
    subjects = team === undefined ? [subject] : [subject, teamSubject(team)];
    SPEND_SUBJECTS.set(principal, subjects);
  }
  return subjects;
}

/** Team budgets as the config in force has them (a reload swaps them). */
export type TeamBudgets = () => Readonly<Record<string, { readonly budget: number } | undefined>>;

/** A team's budget, if the config gives it one (own entries only: a team may be called anything). */
export function teamBudgetOf(teams: ReturnType<TeamBudgets>, team: string): number | undefined {
  return Object.hasOwn(teams, team) ? teams[team]?.budget : undefined;
}

/**
 * Refuses a key whose recorded spend has reached its budget, or whose team's has reached the
 * team's, and records each response's cost (priced by whoever answered: `x.usage[].cost`) against
 * both once it has fully left. Requests already in flight when a budget is reached still finish,
 * so spend can pass the budget by at most their cost.
 */
export function createBudgetStage(config: BudgetConfig, spend: SpendStore, currency: string, context: StageContext, teams: TeamBudgets = () => ({})): Stage {
  return {
    async handle(x: Exchange, next: Next): Promise<void> {
      const granted = grantOf(x.principal.grants, BUDGET_GRANT);
      const budget = granted ?? config.default_budget;
      const subject = subjectOf(x.principal);
      const team = grantOf(x.principal.grants, TEAM_GRANT);
      // Every key's and team's spend is metered, budget or not: `/v1/keys/self` and `/limits/spend`
      // show it, and a budget set later counts what was already spent.
      x.state.set(SUBJECTS, spendSubjectsOf(x.principal, subject, team));
      if (budget !== undefined) {
        const spent = await spend.get(subject);
        if (spent >= budget) {
          const raise = granted === undefined ? "An operator raises the route's default with the budget stage's default_budget, or gives the key its own budget." : 'An admin raises it with PATCH /keys/{id} {"budget": …} (or in auth.api_keys for a key defined in the config).';
          throw new GatewayError('GW_ERR_LIMITS_BUDGET_EXCEEDED', `Budget exhausted: this key has spent ${spent.toFixed(6)} of its ${budget} ${currency}. ${raise}`, {
            publicCode: 'insufficient_quota',
            headers: { 'x-should-retry': 'false' },
          });
        }
      }
      const teamBudget = team === undefined ? undefined : teamBudgetOf(teams(), team);
      if (team !== undefined && teamBudget !== undefined) {
        const spent = await spend.get(teamSubject(team));
        if (spent >= teamBudget) {
          throw new GatewayError(
            'GW_ERR_LIMITS_BUDGET_EXCEEDED',
            `Team budget exhausted: team "${team}" (this key's team) has spent ${spent.toFixed(6)} of its ${teamBudget} ${currency}. An operator raises it with limits.teams.${team}.budget in the config (a reload applies it).`,
            { publicCode: 'insufficient_quota', headers: { 'x-should-retry': 'false' } },
          );
        }
      }
      await next();
    },

    onResponseEnd(x: Exchange): void {
      const subjects = x.state.get(SUBJECTS);
      if (subjects === undefined) return;
      const cost = x.usage.reduce((sum, usage) => sum + (usage.cost ?? 0), 0);
      if (cost <= 0) return;
      for (const subject of subjects) {
        spend.add(subject, cost).catch((err: unknown) => context.logger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'could not record spend'));
      }
    },
  };
}
