import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CORPUS_DIR, DEFAULT_MODEL_DIR } from './classify-paths.js';
import { JAILBREAK_LABEL, parseCorpusLines, type LabelledPrompt } from './corpus-records.js';
import { DEFAULT_FEATURIZER_CONFIG, parseFeaturizerConfig, type FeaturizerConfig } from './featurizer-config.js';
import { createHashedFeaturizer } from './hash-text-features.js';
import { DEFAULT_JAILBREAK_THRESHOLD, type LabelsFile } from './labels-file.js';
import type { LinearHeads } from './linear-heads.js';
import { trainLinearHeads, type EpochReport, type TrainingExample } from './train-linear-heads.js';
import { writeOnnxModel } from './write-onnx-model.js';

export type FeaturizerOverrides = Partial<Omit<FeaturizerConfig, 'kind' | 'version'>>;

export interface TrainClassifierOptions {
  /** Holds train/categories.jsonl and train/jailbreak.jsonl. */
  readonly corpusDir?: string;
  /** Where model.onnx, labels.json and featurizer.json go; null trains without writing. */
  readonly outputDir?: string | null;
  readonly featurizer?: FeaturizerOverrides;
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly l2?: number;
  readonly jailbreakPositiveWeight?: number;
  readonly jailbreakThreshold?: number;
  readonly seed?: number;
  /** Train on only the first N prompts of each label (a quick run; the shipped model uses all). */
  readonly limitPerLabel?: number;
}

export const DEFAULT_TRAINING = {
  epochs: 5,
  learningRate: 0.5,
  l2: 2e-4,
  jailbreakPositiveWeight: 2,
  jailbreakThreshold: DEFAULT_JAILBREAK_THRESHOLD,
  seed: 7,
} as const;

export const SHIPPED_FEATURIZER: FeaturizerConfig = { ...DEFAULT_FEATURIZER_CONFIG, buckets: 1 << 17 };

export type TrainingProgress =
  | { readonly phase: 'read'; readonly categoryPrompts: number; readonly jailbreakPrompts: number; readonly labels: readonly string[] }
  | { readonly phase: 'featurize'; readonly examples: number; readonly ms: number }
  | ({ readonly phase: 'epoch'; readonly epochs: number; readonly ms: number } & EpochReport)
  | { readonly phase: 'write'; readonly files: readonly string[]; readonly modelBytes: number };

export interface TrainedClassifier {
  readonly labels: readonly string[];
  readonly featurizer: FeaturizerConfig;
  readonly labelsFile: LabelsFile;
  readonly heads: LinearHeads;
  /** model.onnx's bytes (also when nothing was written). */
  readonly model: Uint8Array;
  readonly epochs: readonly EpochReport[];
  readonly files: readonly string[];
  readonly durationMs: number;
}

/**
 * Trains the category and jailbreak heads from the committed corpus and writes the model files.
 * Deterministic: the same corpus and options give byte-identical files (no timestamps inside).
 */
export function trainClassifier(options: TrainClassifierOptions = {}, onProgress: (progress: TrainingProgress) => void = () => {}): TrainedClassifier {
  const started = performance.now();
  const corpusDir = options.corpusDir ?? DEFAULT_CORPUS_DIR;
  const featurizerConfig = parseFeaturizerConfig({ ...SHIPPED_FEATURIZER, ...options.featurizer }, 'featurizer options');
  const settings = { ...DEFAULT_TRAINING, ...definedOnly(options) };

  const categoriesText = readFileSync(join(corpusDir, 'train', 'categories.jsonl'), 'utf8');
  const jailbreakText = readFileSync(join(corpusDir, 'train', 'jailbreak.jsonl'), 'utf8');
  const categories = limitPerLabel(parseCorpusLines(categoriesText, 'train/categories.jsonl'), options.limitPerLabel);
  const jailbreak = limitPerLabel(parseCorpusLines(jailbreakText, 'train/jailbreak.jsonl'), options.limitPerLabel);
  const labels = [...new Set(categories.map((record) => record.label))];
  onProgress({ phase: 'read', categoryPrompts: categories.length, jailbreakPrompts: jailbreak.length, labels });

  const featurizeStarted = performance.now();
  const featurizer = createHashedFeaturizer(featurizerConfig);
  const examples: TrainingExample[] = [
    ...categories.map((record) => ({ features: featurizer.featurize(record.text), category: labels.indexOf(record.label), jailbreak: false })),
    ...jailbreak.map((record) => ({ features: featurizer.featurize(record.text), category: -1, jailbreak: record.label === JAILBREAK_LABEL })),
  ];
  onProgress({ phase: 'featurize', examples: examples.length, ms: performance.now() - featurizeStarted });

  const epochs: EpochReport[] = [];
  let epochStarted = performance.now();
  const heads = trainLinearHeads(examples, {
    buckets: featurizerConfig.buckets,
    categoryCount: labels.length,
    epochs: settings.epochs,
    learningRate: settings.learningRate,
    l2: settings.l2,
    jailbreakPositiveWeight: settings.jailbreakPositiveWeight,
    seed: settings.seed,
  }, (report) => {
    epochs.push(report);
    onProgress({ phase: 'epoch', epochs: settings.epochs, ms: performance.now() - epochStarted, ...report });
    epochStarted = performance.now();
  });

  const corpusDigest = createHash('sha256').update(categoriesText).update(jailbreakText).digest('hex').slice(0, 16);
  const docString = `Switchyard prompt classifier: hashed n-gram features (featurizer.json) into a category softmax head and a jailbreak sigmoid head. `
    + `Trained by trainClassifier on corpus ${corpusDigest}, ${settings.epochs} epochs, learning rate ${settings.learningRate}, l2 ${settings.l2}, `
    + `jailbreak positive weight ${settings.jailbreakPositiveWeight}, seed ${settings.seed}${options.limitPerLabel === undefined ? '' : `, limit ${options.limitPerLabel} per label`}.`;
  const model = writeOnnxModel(heads, labels, docString);
  const labelsFile: LabelsFile = { labels, jailbreak_threshold: settings.jailbreakThreshold };

  const files: string[] = [];
  const outputDir = options.outputDir === undefined ? DEFAULT_MODEL_DIR : options.outputDir;
  if (outputDir !== null) {
    mkdirSync(outputDir, { recursive: true });
    const write = (name: string, data: Uint8Array | string): void => {
      writeFileSync(join(outputDir, name), data);
      files.push(join(outputDir, name));
    };
    write('model.onnx', model);
    write('labels.json', `${JSON.stringify(labelsFile, null, 2)}\n`);
    write('featurizer.json', `${JSON.stringify(featurizerConfig, null, 2)}\n`);
    onProgress({ phase: 'write', files, modelBytes: model.length });
  }
  return { labels, featurizer: featurizerConfig, labelsFile, heads, model, epochs, files, durationMs: performance.now() - started };
}

function limitPerLabel(records: readonly LabelledPrompt[], limit: number | undefined): LabelledPrompt[] {
  if (limit === undefined) return [...records];
  const taken = new Map<string, number>();
  return records.filter((record) => {
    const count = taken.get(record.label) ?? 0;
    taken.set(record.label, count + 1);
    return count < limit;
  });
}

function definedOnly(options: TrainClassifierOptions): Partial<Record<keyof typeof DEFAULT_TRAINING, number>> {
  const out: Partial<Record<keyof typeof DEFAULT_TRAINING, number>> = {};
  for (const key of Object.keys(DEFAULT_TRAINING) as (keyof typeof DEFAULT_TRAINING)[]) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
