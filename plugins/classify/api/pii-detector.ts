import type { SchemaValidators } from '../../../core/schema/schema-validators.js';
import { buildRedactionPlan, PII_REDACTION_SCHEMA_ID, type PiiRedactionConfig, type RedactionPlan } from '../../pii-redaction/index.js';

/** The redaction stage's recognizers with its defaults, for `/api/v1/classify/pii`. */
export interface PiiDetector {
  /** Built on first use, once. */
  plan(): RedactionPlan;
  readonly loaded: () => boolean;
}

export function createPiiDetector(validators: SchemaValidators): PiiDetector {
  let plan: RedactionPlan | undefined;
  const build = (): RedactionPlan => {
    if (plan !== undefined) return plan;
    const config: unknown = {};
    // The stage's own schema fills the defaults, so the API finds what a default redaction stage finds.
    const issues = validators.validateConfig(PII_REDACTION_SCHEMA_ID, config);
    if (issues.length > 0 || !validators.guard<PiiRedactionConfig>(PII_REDACTION_SCHEMA_ID)(config)) {
      throw new Error(`pii-redaction defaults do not validate: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    }
    plan = buildRedactionPlan(config);
    return plan;
  };
  return { plan: build, loaded: () => plan !== undefined };
}

/** vLLM Semantic Router's `/api/v1/classify/pii` answer. */
export function piiAnswer(plan: RedactionPlan, text: string, ms: () => number): Record<string, unknown> {
  const findings = plan.analyzer.analyze(text);
  const masked = plan.redactText(text, 'request');
  const entities = findings.map((f) => ({
    type: f.entityType,
    value: text.slice(f.start, f.end),
    confidence: f.score,
    start_position: f.start,
    end_position: f.end,
    masked_value: `<${f.entityType}>`,
  }));
  return {
    has_pii: entities.length > 0,
    entities,
    masked_text: masked.text,
    security_recommendation: entities.length > 0 ? 'block' : 'allow',
    processing_time_ms: Math.round(ms() * 1000) / 1000,
  };
}
