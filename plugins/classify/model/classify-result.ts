export interface JailbreakVerdict {
  readonly probability: number;
  /** probability >= the model's jailbreak_threshold. */
  readonly flagged: boolean;
}

export interface ClassifyResult {
  /** The most probable label. */
  readonly category: string;
  /** Its probability. */
  readonly confidence: number;
  /** Probability per label (they sum to 1). */
  readonly scores: Readonly<Record<string, number>>;
  /** null when the model has no jailbreak head and labels.json names no jailbreak label. */
  readonly jailbreak: JailbreakVerdict | null;
}

export interface PromptClassifier {
  readonly labels: readonly string[];
  classify(text: string): Promise<ClassifyResult>;
  /** Releases the onnxruntime session. */
  close(): Promise<void>;
}

export function buildClassifyResult(labels: readonly string[], probabilities: ArrayLike<number>, jailbreakProbability: number | null, threshold: number): ClassifyResult {
  const scores: Record<string, number> = {};
  let best = 0;
  for (let j = 0; j < labels.length; j++) {
    scores[labels[j]!] = probabilities[j]!;
    if (probabilities[j]! > probabilities[best]!) best = j;
  }
  return {
    category: labels[best]!,
    confidence: probabilities[best]!,
    scores,
    jailbreak: jailbreakProbability === null ? null : { probability: jailbreakProbability, flagged: jailbreakProbability >= threshold },
  };
}
