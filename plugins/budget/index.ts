import type { StageDefinition } from '../../core/pipeline/stage-contract.js';
import { BUDGET_SCHEMA_ID, createBudgetStage, type BudgetConfig } from './budget-stage.js';

export const budgetStage: StageDefinition<BudgetConfig> = {
  name: 'budget',
  configSchemaId: BUDGET_SCHEMA_ID,
  create: (config, deps) => createBudgetStage(config, deps),
};
