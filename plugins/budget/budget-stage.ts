import { grantOf } from '../../core/auth/grants.js';
import { GatewayError } from '../../core/errors/gateway-error.js';
import { createStateKey } from '../../core/pipeline/exchange-state.js';
import type { Exchange } from '../../core/pipeline/exchange.js';
import type { Next, Stage, StageContext } from '../../core/pipeline/stage-contract.js';
import type { SpendStore } from '../limits/spend-store.js';
import type { BudgetConfig } from './budget-config.generated.js';
import { BUDGET_GRANT } from './budget-grant.js';

export const BUDGET_SCHEMA_ID = 'https://switchyard.dev/schemas/stages/budget.schema.json';

/** Whose spend this request is. */
const SUBJECT = createStateKey<string>('budget.subject');

/**
 * Refuses a key whose recorded spend has reached its budget, and records each response's cost
 * (priced by whoever answered: `x.usage[].cost`) once it has fully left. Requests already in flight
 * when the budget is reached still finish, so spend can pass the budget by at most their cost.
 */
export function createBudgetStage(config: BudgetConfig, spend: SpendStore, currency: string, context: StageContext): Stage {
  return {
    async handle(x: Exchange, next: Next): Promise<void> {
      const budget = grantOf(x.principal.grants, BUDGET_GRANT) ?? config.default_budget;
      const subject = `${x.principal.kind}:${x.principal.id}`;
      // Every key's spend is metered, budget or not: `/v1/keys/self` shows it, and a budget granted
      // later counts what was already spent.
      x.state.set(SUBJECT, subject);
      if (budget === undefined) return next();
      const spent = await spend.get(subject);
      if (spent >= budget) {
        throw new GatewayError('GW_ERR_LIMITS_BUDGET_EXCEEDED', `Budget exhausted: this key has spent ${spent.toFixed(6)} of its ${budget} ${currency}.`, {
          publicCode: 'insufficient_quota',
          headers: { 'x-should-retry': 'false' },
        });
      }
      await next();
    },

    onResponseEnd(x: Exchange): void {
      const subject = x.state.get(SUBJECT);
      if (subject === undefined) return;
      const cost = x.usage.reduce((sum, usage) => sum + (usage.cost ?? 0), 0);
      if (cost <= 0) return;
      spend.add(subject, cost).catch((err: unknown) => context.logger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'could not record spend'));
    },
  };
}
