import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordOf } from '../../../core/util/narrow-json.js';
import { DEFAULT_MODEL_DIR } from './classify-paths.js';
import type { EvaluationReport } from './evaluate-classifier.js';

/**
 * The shipped model's held-out figures as committed (models/default/held-out-scores.json, written
 * by `npm run eval:classifier -- --write-scores`): what the README reports and what every rebuild
 * of the model from the committed corpus is held to.
 */
export interface HeldOutScores {
  readonly accuracy: number;
  readonly jailbreak_recall: number;
  readonly ordinary_false_positive_rate: number;
  readonly lookalike_false_positive_rate: number;
}

const FIELDS = ['accuracy', 'jailbreak_recall', 'ordinary_false_positive_rate', 'lookalike_false_positive_rate'] as const;

export function heldOutScoresPath(dir = DEFAULT_MODEL_DIR): string {
  return join(dir, 'held-out-scores.json');
}

/** Rounded to 4 places: the file is read by people too, and the tolerance is far coarser. */
export function heldOutScoresOf(report: EvaluationReport): HeldOutScores {
  const round = (value: number): number => Math.round(value * 10_000) / 10_000;
  return {
    accuracy: round(report.accuracy),
    jailbreak_recall: round(report.jailbreak?.recall ?? Number.NaN),
    ordinary_false_positive_rate: round(report.jailbreak?.ordinaryFalsePositiveRate ?? Number.NaN),
    lookalike_false_positive_rate: round(report.jailbreak?.lookalikeFalsePositiveRate ?? Number.NaN),
  };
}

export function readHeldOutScores(path = heldOutScoresPath()): HeldOutScores {
  const record = recordOf(JSON.parse(readFileSync(path, 'utf8')));
  const scores: Record<string, number> = {};
  for (const field of FIELDS) {
    const value = record[field];
    if (typeof value !== 'number' || value < 0 || value > 1) throw new Error(`${path}: ${field} must be a number from 0 to 1`);
    scores[field] = value;
  }
  return { accuracy: scores['accuracy']!, jailbreak_recall: scores['jailbreak_recall']!, ordinary_false_positive_rate: scores['ordinary_false_positive_rate']!, lookalike_false_positive_rate: scores['lookalike_false_positive_rate']! };
}
