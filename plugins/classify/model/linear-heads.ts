import type { SparseFeatures } from './hash-text-features.js';

/**
 * The model: one weight row per hash bucket with `categoryCount + 1` columns (the category logits,
 * then the jailbreak logit), plus a bias per column. Row-major so a bucket's row is contiguous,
 * the same layout the ONNX graph gathers from.
 */
export interface LinearHeads {
  readonly buckets: number;
  readonly categoryCount: number;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

export interface HeadsOutput {
  readonly categoryLogits: Float64Array;
  readonly categoryProbabilities: Float64Array;
  readonly jailbreakLogit: number;
  readonly jailbreakProbability: number;
}

/** The reference forward pass; the ONNX graph must agree with it (tests hold it to 1e-5). */
export function runLinearHeads(heads: LinearHeads, features: SparseFeatures): HeadsOutput {
  const outputs = heads.categoryCount + 1;
  const logits = new Float64Array(outputs);
  for (let j = 0; j < outputs; j++) logits[j] = heads.bias[j]!;
  for (let k = 0; k < features.indices.length; k++) {
    const row = features.indices[k]! * outputs;
    const x = features.values[k]!;
    for (let j = 0; j < outputs; j++) logits[j]! += x * heads.weights[row + j]!;
  }
  const categoryLogits = logits.slice(0, heads.categoryCount);
  const jailbreakLogit = logits[heads.categoryCount]!;
  return { categoryLogits, categoryProbabilities: softmax(categoryLogits), jailbreakLogit, jailbreakProbability: sigmoid(jailbreakLogit) };
}

export function softmax(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const z of logits) if (z > max) max = z;
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let j = 0; j < logits.length; j++) sum += out[j] = Math.exp(logits[j]! - max);
  for (let j = 0; j < logits.length; j++) out[j]! /= sum;
  return out;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
