import { realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import { loadHuggingFaceTokenizer } from '../../tokenizers/load-huggingface-tokenizer.js';
import { readTokenizerFiles } from '../../tokenizers/read-tokenizer-files.js';
import type { LoadedTokenizer } from '../../tokenizers/tokenizer-contract.js';
import type { ClassifySectionConfig } from '../config/classify-section-config.generated.js';
import type { PromptClassifier } from '../model/classify-result.js';
import { loadClassifier } from '../model/load-classifier.js';
import type { TextEncoder } from '../model/text-encoder.js';

type OperatorModel = NonNullable<ClassifySectionConfig['model']>;

/** Largest tokenizer file read (a big vocabulary's tokenizer.json is about 10 MB). */
const MAX_TOKENIZER_BYTES = 64 * 1024 * 1024;

/**
 * An operator's model from `classify.model`, every file inside `classify.model_roots` once links
 * are resolved: the hashed kind (featurizer.json) or a HuggingFace-style sequence classifier with
 * its tokenizer.json. loadClassifier checks the graph's inputs and outputs against the labels.
 */
export async function loadOperatorModel(model: OperatorModel, roots: readonly string[]): Promise<PromptClassifier> {
  const realRoots = (await Promise.all(roots.map((root) => realpath(root).catch(() => undefined)))).filter((r): r is string => r !== undefined);
  const modelPath = await insideRoots(model.model_path, realRoots, 'model_path');
  const labelsPath = await insideRoots(model.labels_path, realRoots, 'labels_path');
  if (model.featurizer_path !== undefined) {
    return loadClassifier({ modelPath, labelsPath, featurizer: await insideRoots(model.featurizer_path, realRoots, 'featurizer_path') });
  }
  if (model.tokenizer_path === undefined) throw new Error('classify.model: give featurizer_path or tokenizer_path');
  const tokenizer = loadHuggingFaceTokenizer(await readTokenizerFiles(model.tokenizer_path, { roots: realRoots, maxFileBytes: MAX_TOKENIZER_BYTES }));
  return loadClassifier({ modelPath, labelsPath, encoder: tokenizerEncoder(tokenizer), maxTokens: model.max_tokens });
}

/** A tokenizer as the loader's TextEncoder: special tokens added, the closing one kept when cut. */
export function tokenizerEncoder(tokenizer: LoadedTokenizer): TextEncoder {
  return {
    encode(text, maxTokens) {
      const ids = tokenizer.encode(text, { addSpecialTokens: true });
      const kept = ids.length <= maxTokens ? ids : [...ids.slice(0, maxTokens - 1), ids[ids.length - 1]!];
      return { inputIds: kept, attentionMask: kept.map(() => 1) };
    },
  };
}

async function insideRoots(path: string, roots: readonly string[], field: string): Promise<string> {
  const refused = new Error(`classify.model.${field}: "${path}" is not a readable file inside classify.model_roots (${roots.length === 0 ? 'none configured' : roots.join(', ')}); put the model's files under one of them`);
  if (path.includes('\0')) throw refused;
  const real = await realpath(path).catch(() => undefined);
  if (real === undefined || !roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : `${root}${sep}`))) throw refused;
  return real;
}
