/**
 * `npm run eval:pii`: recall and precision per entity type on test/eval/pii/positives.jsonl, and the
 * false-positive rate on test/eval/pii/lookalikes.jsonl, for the config in test/eval/pii/eval-config.json
 * (defaults plus the phone regions the set uses). Prints figures; exits 1 when a target is missed.
 *
 *   --verbose        list every miss and false positive
 *   --config <file>  another raw pii-redaction config
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRedactionPlan } from '../../plugins/pii-redaction/build-redaction-plan.js';
import type { Finding } from '../../plugins/pii-redaction/resolve-overlaps.js';
import { validatePiiRedactionConfig } from '../support/pii-redaction-plan.js';
import { parseEvalItem, type EvalItem, type EvalSpan } from './pii/eval-item.js';

const dir = join(import.meta.dirname, 'pii');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const configIndex = args.indexOf('--config');
const configFile = configIndex >= 0 ? (args[configIndex + 1] ?? '') : join(dir, 'eval-config.json');

function readItems(file: string): EvalItem[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map(parseEvalItem);
}

const rawConfig: unknown = JSON.parse(readFileSync(configFile, 'utf8'));
if (typeof rawConfig !== 'object' || rawConfig === null) throw new Error(`${configFile}: not a JSON object`);
const plan = buildRedactionPlan(validatePiiRedactionConfig(rawConfig));
const positives = readItems('positives.jsonl');
const lookalikes = readItems('lookalikes.jsonl');

/** Types whose recall must reach 0.98 (cards, IBANs, SSNs, emails, every secret format). */
const STRICT_TYPES = new Set([
  'CREDIT_CARD', 'IBAN', 'US_SSN', 'EMAIL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'GITLAB_TOKEN', 'SLACK_TOKEN',
  'SLACK_WEBHOOK', 'STRIPE_KEY', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'JWT', 'PRIVATE_KEY', 'CREDENTIAL', 'GENERIC_SECRET',
]);
const RECALL_TARGET = 0.98;
const LOOKALIKE_FP_TARGET = 0.01;

interface TypeStats {
  labels: number;
  found: number;
  /** Labels hidden by a finding of another type (the value is masked, the type is wrong). */
  maskedAsOther: number;
  truePositives: number;
  falsePositives: number;
  lookalikeFalsePositives: number;
}
const stats = new Map<string, TypeStats>();
const statsOf = (type: string): TypeStats => {
  let entry = stats.get(type);
  if (entry === undefined) {
    entry = { labels: 0, found: 0, maskedAsOther: 0, truePositives: 0, falsePositives: 0, lookalikeFalsePositives: 0 };
    stats.set(type, entry);
  }
  return entry;
};
const covers = (finding: Finding, span: EvalSpan): boolean => finding.start <= span.start && finding.end >= span.end;
const overlaps = (finding: Finding, span: EvalSpan): boolean => finding.start < span.end && span.start < finding.end;
const excerpt = (text: string, start: number, end: number): string => JSON.stringify(text.slice(Math.max(0, start - 30), end + 30));
const notes: string[] = [];

const started = performance.now();
for (const item of positives) {
  const findings = plan.analyzer.analyze(item.text);
  for (const span of item.entities) {
    const entry = statsOf(span.type);
    entry.labels++;
    if (findings.some((finding) => finding.entityType === span.type && covers(finding, span))) entry.found++;
    else {
      const other = findings.find((finding) => covers(finding, span));
      if (other !== undefined) entry.maskedAsOther++;
      notes.push(`miss ${span.type} [${item.id} ${item.format}]${other === undefined ? '' : ` masked as ${other.entityType}`}: ${excerpt(item.text, span.start, span.end)}`);
    }
  }
  for (const finding of findings) {
    const entry = statsOf(finding.entityType);
    if (item.entities.some((span) => span.type === finding.entityType && overlaps(finding, span))) entry.truePositives++;
    else {
      entry.falsePositives++;
      notes.push(`false positive ${finding.entityType} [${item.id} ${item.format}]: ${excerpt(item.text, finding.start, finding.end)}`);
    }
  }
}
let lookalikeItemsHit = 0;
for (const item of lookalikes) {
  const findings = plan.analyzer.analyze(item.text);
  if (findings.length > 0) lookalikeItemsHit++;
  for (const finding of findings) {
    const entry = statsOf(finding.entityType);
    entry.falsePositives++;
    entry.lookalikeFalsePositives++;
    notes.push(`look-alike hit ${finding.entityType} [${item.id} ${item.format}]: ${excerpt(item.text, finding.start, finding.end)}`);
  }
}
const elapsed = performance.now() - started;

const ratio = (part: number, whole: number): string => (whole === 0 ? '   -  ' : (part / whole).toFixed(3).padStart(6));
let missedTargets = 0;
console.log(`# pii-redaction eval — ${positives.length} positive items (${positives.reduce((n, item) => n + item.entities.length, 0)} labelled entities), ${lookalikes.length} look-alikes`);
console.log(`# config: ${configFile.replace(`${process.cwd()}/`, '')}; a label counts as found when a finding of its type covers it`);
console.log(`${'type'.padEnd(22)} ${'labels'.padStart(6)} ${'recall'.padStart(6)} ${'precision'.padStart(9)} ${'FP(look-alikes)'.padStart(15)}  target`);
for (const [type, entry] of [...stats].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const recall = entry.labels === 0 ? 1 : entry.found / entry.labels;
  const strict = STRICT_TYPES.has(type);
  const met = !strict || recall >= RECALL_TARGET;
  if (!met) missedTargets++;
  const target = strict ? (met ? 'recall ≥ 0.98 ok' : 'recall ≥ 0.98 MISSED') : '';
  const masked = entry.maskedAsOther > 0 ? ` (+${entry.maskedAsOther} masked as another type)` : '';
  console.log(
    `${type.padEnd(22)} ${String(entry.labels).padStart(6)} ${ratio(entry.found, entry.labels)} ${ratio(entry.truePositives, entry.truePositives + entry.falsePositives).padStart(9)} ${String(entry.lookalikeFalsePositives).padStart(15)}  ${target}${masked}`,
  );
}
const totalLabels = [...stats.values()].reduce((n, entry) => n + entry.labels, 0);
const totalFound = [...stats.values()].reduce((n, entry) => n + entry.found, 0);
const fpRate = lookalikeItemsHit / lookalikes.length;
const fpMet = fpRate <= LOOKALIKE_FP_TARGET;
if (!fpMet) missedTargets++;
console.log(`${'all types'.padEnd(22)} ${String(totalLabels).padStart(6)} ${ratio(totalFound, totalLabels)}`);
console.log(`look-alike items with any finding: ${lookalikeItemsHit}/${lookalikes.length} = ${(fpRate * 100).toFixed(2)} % (target ≤ 1 %: ${fpMet ? 'ok' : 'MISSED'})`);
console.log(`analysed ${positives.length + lookalikes.length} items in ${elapsed.toFixed(0)} ms`);
if (verbose) for (const note of notes) console.log(note);
else if (notes.length > 0) console.log(`(${notes.length} misses and false positives; --verbose lists them)`);
process.exitCode = missedTargets > 0 ? 1 : 0;
