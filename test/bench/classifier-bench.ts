/**
 * `npm run bench:classifier`: what one classification costs with the shipped model, split into its
 * parts (featurising in JS, the onnxruntime run) for a short prompt, a 1 KB one and an 8 KB one,
 * and the sparse-input graph against a dense-input graph (a [1, buckets] float vector and a plain
 * MatMul) built from the same weights. Prints figures; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { readCorpusFile } from '../../plugins/classify/model/corpus-records.js';
import { parseFeaturizerConfig } from '../../plugins/classify/model/featurizer-config.js';
import { createHashedFeaturizer, type SparseFeatures } from '../../plugins/classify/model/hash-text-features.js';
import { defaultModelOptions, loadClassifier } from '../../plugins/classify/model/load-classifier.js';
import { DEFAULT_CORPUS_DIR } from '../../plugins/classify/model/classify-paths.js';
import { summarize } from './percentiles.js';

const SAMPLES = Number(process.env['BENCH_CLASSIFIER_SAMPLES'] ?? 3000);
const { onnx } = onnxProto;
const options = defaultModelOptions();
const featurizerPath = options.featurizer;
const config = parseFeaturizerConfig(JSON.parse(readFileSync(featurizerPath, 'utf8')), featurizerPath);
const featurizer = createHashedFeaturizer(config);

// Real prompts, not one repeated sentence: distinct words are what the featurizer pays for.
const heldOut = readCorpusFile(join(DEFAULT_CORPUS_DIR, 'held-out', 'categories.jsonl')).map((r) => r.text);
const upTo = (bytes: number): string => {
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += `${heldOut[i % heldOut.length]!}\n`;
  return text.slice(0, bytes);
};
const INPUTS: [string, string][] = [['short (39 B)', 'How do I reverse a linked list in Java?'], ['1 KB', upTo(1024)], ['8 KB', upTo(8192)]];

async function time(run: () => unknown): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 200; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await run();
    samples.push((performance.now() - started) * 1000);
  }
  return summarize(samples);
}

const fmt = ({ p50, p99 }: { p50: number; p99: number }): string => `${p50.toFixed(1).padStart(8)} ${p99.toFixed(1).padStart(8)}`;

/** The same weights behind a dense [1, buckets] input: what the sparse design is compared with. */
function buildDenseModel(modelBytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(modelBytes);
  const find = (name: string): onnxProto.onnx.ITensorProto => {
    const tensor = model.graph?.initializer?.find((t) => t.name === name);
    if (tensor === undefined || tensor === null) throw new Error(`no initializer ${name}`);
    return tensor;
  };
  const T = onnx.TensorProto.DataType;
  const outputs = Number(find('bias').dims?.[0]);
  return onnx.ModelProto.encode({
    irVersion: 8, opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'dense',
      input: [{ name: 'dense', type: { tensorType: { elemType: T.FLOAT, shape: { dim: [{ dimValue: 1 }, { dimValue: config.buckets }] } } } }],
      output: [{ name: 'logits', type: { tensorType: { elemType: T.FLOAT, shape: { dim: [{ dimValue: 1 }, { dimValue: outputs }] } } } }],
      initializer: [find('weights'), find('bias')],
      node: [{ opType: 'MatMul', input: ['dense', 'weights'], output: ['product'] }, { opType: 'Add', input: ['product', 'bias'], output: ['logits'] }],
    },
  }).finish();
}

const sessionOptions: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
const modelBytes = new Uint8Array(readFileSync(options.modelPath));
let started = performance.now();
const sparse = await ort.InferenceSession.create(modelBytes, sessionOptions);
const sparseLoadMs = performance.now() - started;
const dense = await ort.InferenceSession.create(buildDenseModel(modelBytes), sessionOptions);
started = performance.now();
const classifier = await loadClassifier(options);
const loadMs = performance.now() - started;
const denseInput = new Float32Array(config.buckets);

const runSparse = (f: SparseFeatures): Promise<unknown> => sparse.run({
  indices: new ort.Tensor('int32', f.indices, [1, f.indices.length]),
  values: new ort.Tensor('float32', f.values, [1, f.values.length]),
}, ['category_probabilities', 'jailbreak_probability']);
const runDense = (f: SparseFeatures): Promise<unknown> => {
  denseInput.fill(0);
  for (let k = 0; k < f.indices.length; k++) denseInput[f.indices[k]!] = f.values[k]!;
  return dense.run({ dense: new ort.Tensor('float32', denseInput, [1, config.buckets]) });
};

console.log(`# switchyard classifier bench — node ${process.version}, onnxruntime-node 1.30 (1 intra-op, 1 inter-op thread), ${config.buckets} buckets, ${SAMPLES} sequential calls per row`);
console.log(`# model ${(modelBytes.length / 1e6).toFixed(1)} MB; session create ${sparseLoadMs.toFixed(0)} ms; loadClassifier (featurizer, session, probe run) ${loadMs.toFixed(0)} ms`);
console.log(`${'input'.padEnd(13)} ${'features'.padStart(8)}  ${'part'.padEnd(34)} ${'p50 µs'.padStart(8)} ${'p99 µs'.padStart(8)}`);
for (const [name, text] of INPUTS) {
  const features = featurizer.featurize(text);
  const rows: [string, () => unknown][] = [
    ['featurize (JS)', () => featurizer.featurize(text)],
    ['onnxruntime run, sparse input', () => runSparse(features)],
    ['onnxruntime run, dense input', () => runDense(features)],
    ['classify() end to end', () => classifier.classify(text)],
  ];
  for (const [part, run] of rows) console.log(`${name.padEnd(13)} ${String(features.indices.length).padStart(8)}  ${part.padEnd(34)} ${fmt(await time(run))}`);
}
await classifier.close();
await sparse.release();
await dense.release();
