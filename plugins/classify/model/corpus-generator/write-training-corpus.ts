import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CORPUS_DIR } from '../classify-paths.js';
import { formatCorpusLines } from '../corpus-records.js';
import { generateTrainingCorpus } from './generate-training-corpus.js';

/** plugins/classify/corpus/train, where the generated training files are committed. */
export const TRAINING_CORPUS_DIR = join(DEFAULT_CORPUS_DIR, 'train');

/** Rewrites corpus/train/*.jsonl from the sources (deterministic: same sources, same bytes). */
export function writeTrainingCorpus(dir = TRAINING_CORPUS_DIR): { categories: number; jailbreak: number } {
  const corpus = generateTrainingCorpus();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'categories.jsonl'), formatCorpusLines(corpus.categories));
  writeFileSync(join(dir, 'jailbreak.jsonl'), formatCorpusLines(corpus.jailbreak));
  return { categories: corpus.categories.length, jailbreak: corpus.jailbreak.length };
}
