import type { ClassifyResult } from './classify-result.js';
import { BENIGN_LABEL, JAILBREAK_LABEL, type LabelledPrompt } from './corpus-records.js';

export interface CategoryMetrics {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Prompts of this label in the set. */
  readonly support: number;
}

export interface JailbreakMetrics {
  /** Attacks flagged / attacks. */
  readonly recall: number;
  readonly attacks: number;
  /** Ordinary (category) prompts flagged / ordinary prompts. */
  readonly ordinaryFalsePositiveRate: number;
  readonly ordinary: number;
  /** Benign look-alikes flagged / look-alikes. */
  readonly lookalikeFalsePositiveRate: number;
  readonly lookalikes: number;
  readonly missed: readonly string[];
  readonly falsePositives: readonly string[];
}

export interface EvaluationReport {
  readonly accuracy: number;
  readonly prompts: number;
  readonly categories: readonly CategoryMetrics[];
  /** confusion[actual][predicted] = count. */
  readonly confusion: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly jailbreak: JailbreakMetrics | null;
}

type Classify = (text: string) => Promise<ClassifyResult>;

/**
 * Scores a classifier on labelled category prompts and on jailbreak/benign prompts. The category
 * prompts double as the "ordinary" set for the jailbreak false-positive rate.
 */
export async function evaluateClassifier(classify: Classify, labels: readonly string[], categoryPrompts: readonly LabelledPrompt[], jailbreakPrompts: readonly LabelledPrompt[]): Promise<EvaluationReport> {
  const confusion: Record<string, Record<string, number>> = {};
  for (const actual of labels) confusion[actual] = Object.fromEntries(labels.map((predicted) => [predicted, 0]));
  let correct = 0;
  let ordinaryFlagged = 0;
  let sawJailbreakHead = false;
  const falsePositives: string[] = [];
  for (const prompt of categoryPrompts) {
    const result = await classify(prompt.text);
    const row = confusion[prompt.label];
    if (row === undefined) throw new Error(`label "${prompt.label}" is not one of the model's labels`);
    row[result.category] = (row[result.category] ?? 0) + 1;
    if (result.category === prompt.label) correct++;
    if (result.jailbreak !== null) sawJailbreakHead = true;
    if (result.jailbreak?.flagged === true) {
      ordinaryFlagged++;
      falsePositives.push(prompt.text);
    }
  }

  const categories = labels.map((label): CategoryMetrics => {
    const truePositives = confusion[label]?.[label] ?? 0;
    const support = Object.values(confusion[label] ?? {}).reduce((a, b) => a + b, 0);
    const predicted = labels.reduce((sum, actual) => sum + (confusion[actual]?.[label] ?? 0), 0);
    const precision = predicted === 0 ? 0 : truePositives / predicted;
    const recall = support === 0 ? 0 : truePositives / support;
    return { label, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), support };
  });

  let jailbreak: JailbreakMetrics | null = null;
  if (jailbreakPrompts.length > 0) {
    let attacks = 0;
    let caught = 0;
    let lookalikes = 0;
    let lookalikeFlagged = 0;
    const missed: string[] = [];
    for (const prompt of jailbreakPrompts) {
      const verdict = (await classify(prompt.text)).jailbreak;
      if (verdict === null) continue;
      sawJailbreakHead = true;
      if (prompt.label === JAILBREAK_LABEL) {
        attacks++;
        if (verdict.flagged) caught++;
        else missed.push(prompt.text);
      } else if (prompt.label === BENIGN_LABEL) {
        lookalikes++;
        if (verdict.flagged) {
          lookalikeFlagged++;
          falsePositives.push(prompt.text);
        }
      } else {
        throw new Error(`jailbreak prompts are labelled "${JAILBREAK_LABEL}" or "${BENIGN_LABEL}", not "${prompt.label}"`);
      }
    }
    if (sawJailbreakHead) {
      jailbreak = {
        recall: attacks === 0 ? 0 : caught / attacks,
        attacks,
        ordinaryFalsePositiveRate: categoryPrompts.length === 0 ? 0 : ordinaryFlagged / categoryPrompts.length,
        ordinary: categoryPrompts.length,
        lookalikeFalsePositiveRate: lookalikes === 0 ? 0 : lookalikeFlagged / lookalikes,
        lookalikes,
        missed,
        falsePositives,
      };
    }
  }
  return { accuracy: categoryPrompts.length === 0 ? 0 : correct / categoryPrompts.length, prompts: categoryPrompts.length, categories, confusion, jailbreak };
}
