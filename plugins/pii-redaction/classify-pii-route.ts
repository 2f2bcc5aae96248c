import { performance } from 'node:perf_hooks';
import type { PluginContext, PluginRoute } from '../../core/plugin-contract.js';
import { recordOf, stringOr } from '../../core/util/narrow-json.js';
import { buildRedactionPlan, type RedactionPlan } from './build-redaction-plan.js';
import { PII_REDACTION_SCHEMA_ID, type PiiRedactionConfig } from './pii-redaction-config.js';

const BODY_SCHEMA_ID = 'https://switchyard.dev/schemas/requests/classify-pii.schema.json';

/**
 * `POST /api/v1/classify/pii` (the semantic router's endpoint): what the stage would find in a
 * text, without sending anything anywhere. Findings are offsets (UTF-16 code units, as JavaScript
 * counts) into the caller's own text, never echoed values; `redacted_text` is the text with the
 * request-direction actions applied. Uses the global `stages.pii-redaction` config in force.
 */
export function createClassifyPiiRoute(context: PluginContext): PluginRoute {
  let cached: { readonly key: string; readonly plan: RedactionPlan } | undefined;

  /** The plan for the config in force, rebuilt only when that config changed (hot reload). */
  const currentPlan = (): RedactionPlan => {
    const raw = context.pipelines().stages['pii-redaction'] ?? {};
    const key = JSON.stringify(raw);
    if (cached?.key !== key) {
      const config: unknown = structuredClone(raw);
      const valid = context.validators.guard<PiiRedactionConfig>(PII_REDACTION_SCHEMA_ID);
      // The pipeline build validated (and refused) this same config already; defaults are filled here.
      if (context.validators.validateConfig(PII_REDACTION_SCHEMA_ID, config).length > 0 || !valid(config)) throw new Error('stages.pii-redaction does not match its schema');
      cached = { key, plan: buildRedactionPlan(config) };
    }
    return cached.plan;
  };

  return {
    method: 'POST',
    path: '/api/v1/classify/pii',
    group: 'protected',
    bodySchemaId: BODY_SCHEMA_ID,
    handle(request) {
      const text = stringOr(recordOf(request.body)['text']);
      const startedAt = performance.now();
      const plan = currentPlan();
      const findings = plan.analyzer.analyze(text);
      const redacted = plan.redactText(text, 'request', plan.createVault());
      return {
        body: {
          has_pii: findings.length > 0,
          entities: findings.map((f) => ({ type: f.entityType, start: f.start, end: f.end, score: Math.round(f.score * 1000) / 1000, action: plan.actionFor(f.entityType, 'request') })),
          counts: redacted.entities,
          redacted_text: redacted.text,
          processing_time_ms: Math.round((performance.now() - startedAt) * 1000) / 1000,
        },
      };
    },
  };
}
