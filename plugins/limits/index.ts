import { defineSection, type Plugin } from '../../core/plugin-contract.js';
import { grantOf } from '../../core/auth/grants.js';
import { defineStage } from '../../core/pipeline/stage-contract.js';
import type { BudgetConfig } from '../budget/budget-config.generated.js';
import { BUDGET_GRANT } from '../budget/budget-grant.js';
import { BUDGET_SCHEMA_ID, createBudgetStage, teamBudgetOf } from '../budget/budget-stage.js';
import { TEAM_GRANT, teamSubject } from '../budget/team-grant.js';
import { LIMITS_GRANT } from '../rate-limit/limits-grant.js';
import type { RateLimitConfig } from '../rate-limit/rate-limit-config.generated.js';
import { createRateLimitStage } from '../rate-limit/rate-limit-stage.js';
import { createLimitsBackend } from './limits-backend.js';
import { RateLimitControl } from './rate-limit-control.js';
import { SHARED_RATE_LIMITS_SCHEMA, SharedRateLimitSettings } from './shared-rate-limits.js';
import type { SharedRateLimits } from './shared-rate-limits.generated.js';
import type { LimitsConfig } from './limits-config.generated.js';
import { subjectOf } from '../../core/auth/principal.js';

const LIMITS = defineSection<LimitsConfig>('limits', 'https://switchyard.dev/schemas/config/limits.schema.json');
const RATE_LIMIT_SCHEMA_ID = 'https://switchyard.dev/schemas/stages/rate-limit.schema.json';

/**
 * Per-key limits: the `rate-limit` and `budget` stages, the `limits` and `budget` grants they read
 * on keys, and what they share — one window counter and one spend store, in process or on Redis
 * (one connection, fail-open or fail-closed), owned here and lent to both stages.
 */
export interface LimitsPluginOptions {
  /** Token counts for `estimate_prompt_tokens` (the model's tokenizer); characters / 4 without. */
  readonly countTokens?: (model: string, text: string) => number;
}

export function createLimitsPlugin(options: LimitsPluginOptions = {}): Plugin & { readonly rateLimitControl: RateLimitControl } {
  const rateLimitControl = new RateLimitControl();
  return {
    name: 'limits',
    rateLimitControl,
    configSections: { [LIMITS.key]: LIMITS.schemaId },
    grants: [LIMITS_GRANT, BUDGET_GRANT, TEAM_GRANT],
    async setup(context) {
      const config = context.section(LIMITS);
      const settings = restartOnly(config);
      // Team budgets apply on reload; everything else in the section needs a restart.
      let teams = config.teams;
      const backend = await createLimitsBackend(config, context.metrics, context.logger, context.state);
      const shared = await SharedRateLimitSettings.open(context.checkOnly ? undefined : context.state, context.validators.guard<SharedRateLimits>(SHARED_RATE_LIMITS_SCHEMA));
      rateLimitControl.bind(shared, backend.counter, config.backend);
      return {
        stages: [
          defineStage<RateLimitConfig>({
            name: 'rate-limit',
            configSchemaId: RATE_LIMIT_SCHEMA_ID,
            create: (stageConfig, stageContext) => createRateLimitStage(stageConfig, backend.counter, stageContext, options.countTokens, shared),
          }),
          defineStage<BudgetConfig>({
            name: 'budget',
            configSchemaId: BUDGET_SCHEMA_ID,
            create: (stageConfig, stageContext) => createBudgetStage(stageConfig, backend.spend, config.currency, stageContext, () => teams),
          }),
        ],
        routes: [
          {
            // Read-only: what each key has spent (subject `<kind>:<id>`, as the budget stage records it),
            // and each team (key budgets are on the keys themselves, `GET /keys`; team budgets in config).
            method: 'GET',
            path: '/limits/spend',
            group: 'control',
            handle: async () => ({ body: { currency: config.currency, ...spendBySubject(await backend.spend.all(), teams) } }),
          },
        ],
        // Counters and spend live on across reloads; a different backend or currency needs a restart.
        reconfigure: (next) => {
          const section = next.section(LIMITS);
          return { commit: () => void (teams = section.teams), restartRequired: restartOnly(section) === settings ? [] : ['limits'] };
        },
        // The spend the budget stage reads and records, with the key's own budget (a route's
        // `default_budget` applies per route, so it is not the key's).
        keySelf: async (principal) => {
          const budget = grantOf(principal.grants, BUDGET_GRANT);
          const team = grantOf(principal.grants, TEAM_GRANT);
          return {
            spend: { amount: await backend.spend.get(subjectOf(principal)), currency: config.currency, budget: budget ?? null },
            // `team` itself is the key's grant (in its view already); this is what the team spent.
            team_spend: team === undefined ? null : { team, amount: await backend.spend.get(teamSubject(team)), currency: config.currency, budget: teamBudgetOf(teams, team) ?? null },
          };
        },
        close: () => {
          shared.close();
          return backend.close();
        },
      };
    },
  };
}

/** The section as far as a change to it needs a restart (team budgets apply on reload). */
function restartOnly(config: LimitsConfig): string {
  const { teams: _teams, ...rest } = config;
  return JSON.stringify(rest);
}

const TEAM_PREFIX = teamSubject('');

/** The store's subjects split into keys and teams; every team with a budget listed, spend or not. */
function spendBySubject(all: Readonly<Record<string, number>>, teams: LimitsConfig['teams']): { spend: Record<string, number>; teams: Record<string, { spend: number; budget: number | null }> } {
  const spend = new Map<string, number>();
  const byTeam = new Map<string, { spend: number; budget: number | null }>();
  for (const team of Object.keys(teams)) byTeam.set(team, { spend: 0, budget: teamBudgetOf(teams, team) ?? null });
  for (const [subject, amount] of Object.entries(all)) {
    if (!subject.startsWith(TEAM_PREFIX)) spend.set(subject, amount);
    else byTeam.set(subject.slice(TEAM_PREFIX.length), { spend: amount, budget: teamBudgetOf(teams, subject.slice(TEAM_PREFIX.length)) ?? null });
  }
  // fromEntries: own properties only, whatever a team is called.
  return { spend: Object.fromEntries(spend), teams: Object.fromEntries(byTeam) };
}
