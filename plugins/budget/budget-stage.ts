import { GatewayError } from '../../core/errors/gateway-error.js';
import type { Exchange } from '../../core/pipeline/exchange.js';
import type { Next, Stage, StageDeps } from '../../core/pipeline/stage-contract.js';
import { limitsBackendReady, spendStoreOf } from '../limits-backend/limits-services.js';
import { computeCost } from './compute-cost.js';

export interface BudgetConfig {
  readonly default_budget?: number;
}

export const BUDGET_SCHEMA_ID = 'https://switchyard.dev/schemas/stages/budget.schema.json';

/**
 * Refuses a key whose recorded spend has reached its budget, and records each response's cost once
 * it has fully left. Requests already in flight when the budget is reached still finish, so spend
 * can pass the budget by at most those requests' cost.
 */
export async function createBudgetStage(config: BudgetConfig, deps: StageDeps): Promise<Stage> {
  const spend = await spendStoreOf(deps);
  await limitsBackendReady(deps);
  const currency = deps.config.limits.currency;
  return {
    async handle(x: Exchange, next: Next): Promise<void> {
      const budget = x.principal.budget ?? config.default_budget;
      if (budget === undefined) return next();
      const subject = `${x.principal.kind}:${x.principal.id}`;
      const spent = await spend.get(subject);
      if (spent >= budget) {
        throw new GatewayError('GW_ERR_LIMITS_BUDGET_EXCEEDED', `Budget exhausted: this key has spent ${spent.toFixed(6)} of its ${budget} ${currency}.`, {
          publicCode: 'insufficient_quota',
          headers: { 'x-should-retry': 'false' },
        });
      }
      x.onComplete(() => {
        const cost = computeCost(x.usage, deps.config.models);
        if (cost > 0) {
          spend.add(subject, cost).catch((err: unknown) => deps.logger.warn({ reason: (err as Error).message }, 'could not record spend'));
        }
      });
      await next();
    },
  };
}
