import type { EvaluationReport } from './evaluate-classifier.js';

const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** The evaluation as a plain-text table (what `npm run eval:classifier` prints). */
export function formatEvaluation(report: EvaluationReport): string {
  const width = Math.max(8, ...report.categories.map((c) => c.label.length));
  const lines = [
    `category accuracy: ${pct(report.accuracy)} (${report.prompts} prompts)`,
    '',
    `${'category'.padEnd(width)}  precision  recall     f1  support`,
    ...report.categories.map((c) => `${c.label.padEnd(width)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall).padStart(6)}  ${pct(c.f1).padStart(6)}  ${String(c.support).padStart(7)}`),
  ];
  const confusions = Object.entries(report.confusion)
    .flatMap(([actual, row]) => Object.entries(row).filter(([predicted, n]) => predicted !== actual && n > 0).map(([predicted, n]) => ({ actual, predicted, n })))
    .sort((a, b) => b.n - a.n)
    .slice(0, 10);
  if (confusions.length > 0) lines.push('', `most confused: ${confusions.map((c) => `${c.actual}→${c.predicted} ${c.n}`).join(', ')}`);
  const jb = report.jailbreak;
  if (jb !== null) {
    lines.push(
      '',
      `jailbreak recall:                 ${pct(jb.recall)} (${jb.attacks} attacks)`,
      `false positives, ordinary:        ${pct(jb.ordinaryFalsePositiveRate)} (${jb.ordinary} prompts)`,
      `false positives, look-alikes:     ${pct(jb.lookalikeFalsePositiveRate)} (${jb.lookalikes} prompts)`,
    );
  }
  return lines.join('\n');
}
