import { loadSchemaValidators, type SchemaValidators } from '../../core/schema/schema-validators.js';
import { buildRedactionPlan, type RedactionPlan } from '../../plugins/pii-redaction/build-redaction-plan.js';
import { PII_REDACTION_SCHEMA_ID, type PiiRedactionConfig } from '../../plugins/pii-redaction/pii-redaction-config.js';

let validators: SchemaValidators | undefined;

/** Validates a raw pii-redaction config against the real schema (Ajv fills defaults into a copy). */
export function validatePiiRedactionConfig(raw: object): PiiRedactionConfig {
  validators ??= loadSchemaValidators();
  const config: unknown = structuredClone(raw);
  const issues = validators.validateConfig(PII_REDACTION_SCHEMA_ID, config);
  if (!isValidated(config, issues.length)) throw new Error(`invalid pii-redaction config: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`);
  return config;
}

function isValidated(_config: unknown, issueCount: number): _config is PiiRedactionConfig {
  return issueCount === 0;
}

/** The plan a stage would build from `raw` (defaults filled by the schema). */
export function buildPlanFromRawConfig(raw: object = {}): RedactionPlan {
  return buildRedactionPlan(validatePiiRedactionConfig(raw));
}
