import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODEL_DIR } from '../model/classify-paths.js';
import { parseFeaturizerConfig } from '../model/featurizer-config.js';
import { createHashedFeaturizer, type HashedFeaturizer } from '../model/hash-text-features.js';

/** The shipped model's featurizer (models/default/featurizer.json): the semantic cache's embedding. */
export function loadDefaultFeaturizer(): HashedFeaturizer {
  const path = join(DEFAULT_MODEL_DIR, 'featurizer.json');
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot read it as JSON (${String(error)})`, { cause: error });
  }
  return createHashedFeaturizer(parseFeaturizerConfig(value, path));
}
