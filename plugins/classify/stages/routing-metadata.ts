import type { Exchange } from '../../../core/pipeline/exchange.js';
import { CACHE_STATUS, PII_FOUND, ROUTE_DECISION, SECURITY_CHECK, type Classification } from './classification-state.js';

/**
 * vLLM Semantic Router's `routing_metadata` for a non-stream chat answer. `pii_detected` is what
 * semantic-route's PII policies found (false where none are configured).
 */
export function routingMetadataOf(x: Exchange, classification: Classification): Record<string, unknown> {
  const decision = x.state.get(ROUTE_DECISION);
  return {
    selected_model: decision?.model ?? x.request.model,
    category: classification.result?.category ?? null,
    confidence: round(decision?.confidence ?? classification.result?.confidence ?? 0),
    reason_code: decision?.reason ?? null,
    processing_time_ms: round(performance.now() - x.timings.startedAt),
    classification_time_ms: round(classification.ms),
    cache_hit: x.state.get(CACHE_STATUS) === 'hit',
    security_checks: { pii_detected: (x.state.get(PII_FOUND)?.size ?? 0) > 0, jailbreak_detected: x.state.get(SECURITY_CHECK)?.jailbreakDetected ?? false },
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
