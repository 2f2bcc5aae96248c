// Generated from schemas/stages/budget.schema.json by schemas/generate-types.ts (npm run schemas:types). Do not edit.
import type { DeepReadonly } from '../../core/util/deep-readonly.js';

interface BudgetConfigDocument {
  /**
   * Budget for keys that set none, in limits.currency. Unset: such keys are not limited.
   */
  default_budget?: number;
}

/** schemas/stages/budget.schema.json after validation (defaults filled), frozen. */
export type BudgetConfig = DeepReadonly<BudgetConfigDocument>;
