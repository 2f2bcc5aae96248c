import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { checkHashedModel, checkSequenceModel } from './check-model-io.js';
import { DEFAULT_MODEL_DIR } from './classify-paths.js';
import { buildClassifyResult, type PromptClassifier } from './classify-result.js';
import { createOnnxSession, type OnnxRuntime } from './create-onnx-session.js';
import { parseFeaturizerConfig, type FeaturizerConfig } from './featurizer-config.js';
import { createHashedFeaturizer, truncateText } from './hash-text-features.js';
import { parseLabelsFile, type LabelsFile } from './labels-file.js';
import { softmax } from './linear-heads.js';
import type { TextEncoder } from './text-encoder.js';
import { HASHED_MODEL_IO } from './write-onnx-model.js';

/** The built-in model: hashed n-gram features computed in JS, then the ONNX linear heads. */
export interface HashedModelOptions {
  readonly modelPath: string;
  readonly labelsPath: string;
  /** featurizer.json's path, or its parsed contents. */
  readonly featurizer: string | FeaturizerConfig;
  /** Character budget; longer inputs keep their head and tail. Defaults to the featurizer's max_chars. */
  readonly maxChars?: number;
}

/** An operator's ONNX sequence classifier (input_ids, attention_mask → logits) and its tokenizer. */
export interface SequenceModelOptions {
  readonly modelPath: string;
  readonly labelsPath: string;
  readonly encoder: TextEncoder;
  /** Token budget, special tokens included (default 512). */
  readonly maxTokens?: number;
  /** Characters handed to the encoder at most (default 8 × maxTokens), so tokenising stays bounded. */
  readonly maxChars?: number;
}

export type LoadClassifierOptions = HashedModelOptions | SequenceModelOptions;

export const DEFAULT_MAX_TOKENS = 512;


/** The three files of a model directory (models/default unless told otherwise). */
export function defaultModelOptions(dir = DEFAULT_MODEL_DIR): HashedModelOptions & { readonly featurizer: string } {
  return { modelPath: join(dir, 'model.onnx'), labelsPath: join(dir, 'labels.json'), featurizer: join(dir, 'featurizer.json') };
}

export async function loadClassifier(options: LoadClassifierOptions): Promise<PromptClassifier> {
  const labels = parseLabelsFile(await readJson(options.labelsPath), options.labelsPath);
  if ('encoder' in options) return loadSequenceClassifier(options, labels);
  return loadHashedClassifier(options, labels);
}

async function loadHashedClassifier(options: HashedModelOptions, labelsFile: LabelsFile): Promise<PromptClassifier> {
  const parsed = typeof options.featurizer === 'string'
    ? parseFeaturizerConfig(await readJson(options.featurizer), options.featurizer)
    : parseFeaturizerConfig(options.featurizer, 'featurizer option');
  const config = options.maxChars === undefined ? parsed : { ...parsed, max_chars: positiveInteger(options.maxChars, 'maxChars') };
  const featurizer = createHashedFeaturizer(config);
  const { ort, session } = await createOnnxSession(options.modelPath);
  const { labels, jailbreak_threshold: threshold } = labelsFile;
  const io = HASHED_MODEL_IO;
  const fetches = [io.categoryProbabilities, io.jailbreakProbability];

  const run = async (indices: Int32Array, values: Float32Array): Promise<{ probabilities: Float32Array; jailbreak: number }> => {
    const out = await session.run({
      [io.indices]: new ort.Tensor('int32', indices, [1, indices.length]),
      [io.values]: new ort.Tensor('float32', values, [1, values.length]),
    }, fetches);
    const probabilities = floatOutput(out, io.categoryProbabilities, labels.length, options.modelPath);
    const jailbreak = floatOutput(out, io.jailbreakProbability, 1, options.modelPath)[0]!;
    return { probabilities, jailbreak };
  };

  try {
    checkHashedModel(session.inputMetadata, session.outputMetadata, labels.length, options.modelPath);
    // The highest bucket must exist in the weight matrix; a featurizer.json from another model fails here, not mid-request.
    await run(Int32Array.of(config.buckets - 1), Float32Array.of(0));
  } catch (error) {
    await session.release();
    if (error instanceof Error && error.message.startsWith(options.modelPath)) throw error;
    throw new Error(`${options.modelPath}: does not fit featurizer.json (${config.buckets} buckets): ${String(error)}`, { cause: error });
  }

  return {
    labels,
    async classify(text: string) {
      // In slices: the longest input max_chars lets through never holds the event loop for long.
      const { indices, values } = await featurizer.featurizeInSlices(text);
      const { probabilities, jailbreak } = await run(indices, values);
      return buildClassifyResult(labels, probabilities, jailbreak, threshold);
    },
    close: () => session.release(),
  };
}

async function loadSequenceClassifier(options: SequenceModelOptions, labelsFile: LabelsFile): Promise<PromptClassifier> {
  const maxTokens = positiveInteger(options.maxTokens ?? DEFAULT_MAX_TOKENS, 'maxTokens');
  const maxChars = positiveInteger(options.maxChars ?? maxTokens * 8, 'maxChars');
  const { ort, session } = await createOnnxSession(options.modelPath);
  let shape: ReturnType<typeof checkSequenceModel>;
  try {
    shape = checkSequenceModel(session.inputMetadata, session.outputMetadata, labelsFile.labels.length, options.modelPath);
  } catch (error) {
    await session.release();
    throw error;
  }
  const { labels, jailbreak_threshold: threshold, jailbreak_label: jailbreakLabel } = labelsFile;
  const jailbreakIndex = jailbreakLabel === undefined ? -1 : labels.indexOf(jailbreakLabel);
  const budget = shape.fixedLength === null ? maxTokens : Math.min(maxTokens, shape.fixedLength);

  return {
    labels,
    async classify(text: string) {
      const encoded = options.encoder.encode(truncateText(text, maxChars), budget);
      const count = Math.min(encoded.inputIds.length, budget);
      if (encoded.attentionMask.length !== encoded.inputIds.length) throw new Error('encoder returned an attention mask and input ids of different lengths');
      const length = shape.fixedLength ?? Math.max(count, 1);
      const ids = new BigInt64Array(length);
      const mask = new BigInt64Array(length);
      for (let i = 0; i < count; i++) {
        ids[i] = tokenValue(encoded.inputIds[i]!, 'input id');
        mask[i] = tokenValue(encoded.attentionMask[i]!, 'attention mask value');
      }
      const feeds: Record<string, InstanceType<OnnxRuntime['Tensor']>> = {
        input_ids: new ort.Tensor('int64', ids, [1, length]),
        attention_mask: new ort.Tensor('int64', mask, [1, length]),
      };
      if (shape.hasTokenTypeIds) feeds['token_type_ids'] = new ort.Tensor('int64', new BigInt64Array(length), [1, length]);
      const out = await session.run(feeds, ['logits']);
      const probabilities = softmax(Float64Array.from(floatOutput(out, 'logits', labels.length, options.modelPath)));
      return buildClassifyResult(labels, probabilities, jailbreakIndex < 0 ? null : probabilities[jailbreakIndex]!, threshold);
    },
    close: () => session.release(),
  };
}

function floatOutput(out: InferenceSession.ReturnType, name: string, length: number, origin: string): Float32Array {
  const value = out[name];
  const data: unknown = value?.data;
  if (!(data instanceof Float32Array) || data.length !== length) throw new Error(`${origin}: output "${name}" is not ${length} float32 values`);
  return data;
}

function tokenValue(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`encoder returned ${what} ${String(value)}; expected a non-negative integer`);
  return BigInt(value);
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${path}: not valid JSON`);
  }
}

