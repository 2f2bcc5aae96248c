/**
 * models/<name>/labels.json (schemas/classify/labels.schema.json): what the model's outputs mean.
 * `labels` names the category outputs (logit i is labels[i]). The built-in model has a separate
 * jailbreak head; an operator's sequence classifier may instead name the label whose probability is
 * the jailbreak probability (`jailbreak_label`, e.g. a prompt-guard model with benign/jailbreak).
 */
export interface LabelsFile {
  readonly labels: readonly string[];
  /** Probability at or above which a prompt is flagged. */
  readonly jailbreak_threshold: number;
  readonly jailbreak_label?: string;
}

export const DEFAULT_JAILBREAK_THRESHOLD = 0.5;

export function parseLabelsFile(value: unknown, origin: string): LabelsFile {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${origin}: expected a JSON object`);
  for (const key of Object.keys(value)) {
    if (key !== 'labels' && key !== 'jailbreak_threshold' && key !== 'jailbreak_label') throw new Error(`${origin}: unknown field "${key}"`);
  }
  const labels: unknown = Reflect.get(value, 'labels');
  if (!Array.isArray(labels) || labels.length < 1) throw new Error(`${origin}: "labels" must be a non-empty array`);
  const names: string[] = [];
  for (const label of labels as unknown[]) {
    if (typeof label !== 'string' || label === '') throw new Error(`${origin}: every label must be a non-empty string`);
    if (names.includes(label)) throw new Error(`${origin}: label "${label}" appears twice`);
    names.push(label);
  }
  const threshold: unknown = Reflect.get(value, 'jailbreak_threshold') ?? DEFAULT_JAILBREAK_THRESHOLD;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) throw new Error(`${origin}: "jailbreak_threshold" must be a number from 0 to 1`);
  const jailbreakLabel: unknown = Reflect.get(value, 'jailbreak_label');
  if (jailbreakLabel === undefined) return { labels: names, jailbreak_threshold: threshold };
  if (typeof jailbreakLabel !== 'string' || !names.includes(jailbreakLabel)) throw new Error(`${origin}: "jailbreak_label" must be one of the labels`);
  return { labels: names, jailbreak_threshold: threshold, jailbreak_label: jailbreakLabel };
}
