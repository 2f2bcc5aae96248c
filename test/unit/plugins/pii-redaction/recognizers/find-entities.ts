import type { RedactionPlan } from '../../../../../plugins/pii-redaction/build-redaction-plan.js';
import { buildPlanFromRawConfig } from '../../../../support/pii-redaction-plan.js';

const defaultPlan = buildPlanFromRawConfig({});

/** `[type, value]` of every entity the analyzer keeps in `text`, in text order. */
export function findEntities(text: string, plan: RedactionPlan = defaultPlan): Array<[string, string]> {
  return plan.analyzer.analyze(text).map((finding) => [finding.entityType, text.slice(finding.start, finding.end)]);
}

/** The values of one type found in `text`. */
export function valuesOf(entityType: string, text: string, plan?: RedactionPlan): string[] {
  return findEntities(text, plan)
    .filter(([type]) => type === entityType)
    .map(([, value]) => value);
}
