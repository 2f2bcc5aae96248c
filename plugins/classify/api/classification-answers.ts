import type { ClassifyResult } from '../model/classify-result.js';

/** A request's `options` (the fields every Classification API body shares). */
export interface AnswerOptions {
  readonly return_probabilities?: boolean;
  readonly confidence_threshold?: number;
  readonly sensitivity?: 'low' | 'medium' | 'high';
  readonly include_reasoning?: boolean;
}

/** Below this confidence (unless the request sets one) the intent is reported as low confidence. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.5;

/** Jailbreak probability thresholds per sensitivity; `medium` is the model's own (labels.json). */
const SENSITIVITY_THRESHOLD = { low: 0.7, high: 0.3 } as const;

/** vLLM Semantic Router's `/api/v1/classify/intent` answer. */
export function intentAnswer(result: ClassifyResult, ms: number, options: AnswerOptions = {}): Record<string, unknown> {
  const threshold = options.confidence_threshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
  return {
    classification: { category: result.category, confidence: result.confidence, processing_time_ms: round(ms) },
    ...(options.return_probabilities === true ? { probabilities: result.scores } : {}),
    routing_decision: result.confidence >= threshold ? 'high_confidence_specialized' : 'low_confidence_general',
  };
}

/** vLLM Semantic Router's `/api/v1/classify/security` answer. */
export function securityAnswer(result: ClassifyResult, ms: number, options: AnswerOptions = {}): Record<string, unknown> {
  const probability = result.jailbreak?.probability ?? 0;
  const sensitivity = options.sensitivity ?? 'medium';
  const isJailbreak = sensitivity === 'medium' ? result.jailbreak?.flagged === true : probability >= SENSITIVITY_THRESHOLD[sensitivity];
  return {
    is_jailbreak: isJailbreak,
    risk_score: probability,
    detection_types: isJailbreak ? ['jailbreak'] : [],
    confidence: isJailbreak ? probability : 1 - probability,
    recommendation: isJailbreak ? 'block' : 'allow',
    ...(options.include_reasoning === true
      ? { reasoning: result.jailbreak === null ? 'The loaded model has no jailbreak head.' : `The jailbreak head rates the text ${probability.toFixed(2)} (sensitivity ${sensitivity}).` }
      : {}),
    patterns_detected: [],
    processing_time_ms: round(ms),
  };
}

export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
