import type { SparseFeatures } from './hash-text-features.js';
import { softmax, sigmoid, type LinearHeads } from './linear-heads.js';
import { createSeededRandom } from './seeded-random.js';

export interface TrainingExample {
  readonly features: SparseFeatures;
  /** Index of the category, or -1 for prompts that only teach the jailbreak head. */
  readonly category: number;
  readonly jailbreak: boolean;
}

export interface HeadTrainingOptions {
  readonly buckets: number;
  readonly categoryCount: number;
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty, applied to the weights an example touches (lazy, so a step stays sparse). */
  readonly l2: number;
  /** Loss weight of an attack relative to a benign prompt in the jailbreak head. */
  readonly jailbreakPositiveWeight: number;
  readonly seed: number;
}

export interface EpochReport {
  readonly epoch: number;
  readonly categoryLoss: number;
  readonly categoryAccuracy: number;
  readonly jailbreakLoss: number;
  readonly jailbreakAccuracy: number;
}

const ADAGRAD_EPSILON = 1e-8;

/**
 * Trains both heads jointly with AdaGrad over the sparse features, one example at a time in an order
 * shuffled by a seeded PRNG. Everything is float64 arithmetic in a fixed order, so the same examples
 * and options give the same weights bit for bit. Accuracy and loss per epoch are measured on each
 * example just before its update (the cheap, slightly pessimistic running estimate).
 */
export function trainLinearHeads(examples: readonly TrainingExample[], options: HeadTrainingOptions, onEpoch: (report: EpochReport) => void = () => {}): LinearHeads {
  const outputs = options.categoryCount + 1;
  const jailbreakColumn = options.categoryCount;
  const weights = new Float64Array(options.buckets * outputs);
  const squares = new Float64Array(options.buckets * outputs);
  const bias = new Float64Array(outputs);
  const biasSquares = new Float64Array(outputs);
  const gradient = new Float64Array(outputs);
  const logits = new Float64Array(outputs);
  const random = createSeededRandom(options.seed);
  const order = examples.map((_, index) => index);
  const { learningRate, l2 } = options;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    random.shuffle(order);
    let categoryLoss = 0;
    let categoryCorrect = 0;
    let categorySeen = 0;
    let jailbreakLoss = 0;
    let jailbreakCorrect = 0;

    for (const index of order) {
      const example = examples[index]!;
      const { indices, values } = example.features;
      for (let j = 0; j < outputs; j++) logits[j] = bias[j]!;
      for (let k = 0; k < indices.length; k++) {
        const row = indices[k]! * outputs;
        const x = values[k]!;
        for (let j = 0; j < outputs; j++) logits[j]! += x * weights[row + j]!;
      }

      gradient.fill(0);
      if (example.category >= 0) {
        const probabilities = softmax(logits.subarray(0, options.categoryCount));
        let best = 0;
        for (let j = 0; j < options.categoryCount; j++) {
          gradient[j] = probabilities[j]! - (j === example.category ? 1 : 0);
          if (probabilities[j]! > probabilities[best]!) best = j;
        }
        categoryLoss -= Math.log(Math.max(probabilities[example.category]!, 1e-12));
        if (best === example.category) categoryCorrect++;
        categorySeen++;
      }
      const target = example.jailbreak ? 1 : 0;
      const weight = example.jailbreak ? options.jailbreakPositiveWeight : 1;
      const probability = sigmoid(logits[jailbreakColumn]!);
      gradient[jailbreakColumn] = weight * (probability - target);
      jailbreakLoss -= weight * Math.log(Math.max(target === 1 ? probability : 1 - probability, 1e-12));
      if ((probability >= 0.5) === example.jailbreak) jailbreakCorrect++;

      for (let k = 0; k < indices.length; k++) {
        const row = indices[k]! * outputs;
        const x = values[k]!;
        for (let j = 0; j < outputs; j++) {
          const g = gradient[j]!;
          if (g === 0) continue;
          const at = row + j;
          const step = g * x + l2 * weights[at]!;
          squares[at]! += step * step;
          weights[at]! -= (learningRate * step) / Math.sqrt(squares[at]! + ADAGRAD_EPSILON);
        }
      }
      for (let j = 0; j < outputs; j++) {
        const g = gradient[j]!;
        if (g === 0) continue;
        biasSquares[j]! += g * g;
        bias[j]! -= (learningRate * g) / Math.sqrt(biasSquares[j]! + ADAGRAD_EPSILON);
      }
    }

    onEpoch({
      epoch,
      categoryLoss: categorySeen > 0 ? categoryLoss / categorySeen : 0,
      categoryAccuracy: categorySeen > 0 ? categoryCorrect / categorySeen : 0,
      jailbreakLoss: jailbreakLoss / Math.max(1, examples.length),
      jailbreakAccuracy: jailbreakCorrect / Math.max(1, examples.length),
    });
  }

  return { buckets: options.buckets, categoryCount: options.categoryCount, weights: Float32Array.from(weights), bias: Float32Array.from(bias) };
}
