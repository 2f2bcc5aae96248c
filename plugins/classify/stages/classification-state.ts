import { createStateKey } from '../../../core/pipeline/exchange-state.js';
import type { ClassifyResult } from '../model/classify-result.js';
import type { PromptInput } from './prompt-text.js';

/** What the classify stage found, for the stages after it (semantic-route, prompt-guard …). */
export interface Classification {
  /** Which text was classified. */
  readonly input: PromptInput;
  /** null: the request had no text of that kind (nothing was classified). */
  readonly result: ClassifyResult | null;
  /** Time spent classifying, in milliseconds. */
  readonly ms: number;
}

export const CLASSIFICATION = createStateKey<Classification>('classify.classification');

/** What semantic-route decided, for the response headers and later stages. */
export interface RouteDecision {
  readonly model: string;
  readonly reason: RouteReason;
  /** The category the decision was made on (null when nothing was classified). */
  readonly category: string | null;
  readonly confidence: number;
  /** No model the route may use allows the PII this prompt holds. */
  readonly refused?: true;
}

/** vLLM Semantic Router's reason codes. */
export type RouteReason = 'auto_routing' | 'model_specified' | 'low_confidence_default' | 'pii_policy_alternative_selected';

export const ROUTE_DECISION = createStateKey<RouteDecision>('classify.route-decision');

/** What prompt-guard found, for routing_metadata. */
export interface SecurityCheck {
  readonly jailbreakDetected: boolean;
}

/** PII entity types semantic-route found in the prompt (for its PII policies and routing_metadata). */
export const PII_FOUND = createStateKey<ReadonlySet<string>>('classify.pii-found');

export const SECURITY_CHECK = createStateKey<SecurityCheck>('classify.security-check');

/** What semantic-cache did with the request, for routing_metadata. */
export const CACHE_STATUS = createStateKey<'hit' | 'miss' | 'bypass'>('classify.cache-status');

/** Milliseconds for a header: two decimals, enough below a millisecond. */
export function formatMs(ms: number): string {
  return ms.toFixed(2);
}
