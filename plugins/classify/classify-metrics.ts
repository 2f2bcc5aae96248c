import { Counter, Histogram, type Registry } from 'prom-client';

/** The classification metrics of vLLM Semantic Router, registered once per app by the plugin. */
export interface ClassifyMetrics {
  readonly classificationSeconds: Histogram<'input'>;
  readonly routingReasons: Counter<'reason_code' | 'model'>;
  readonly jailbreakAttempts: Counter<'action'>;
}

export function createClassifyMetrics(registry: Registry): ClassifyMetrics {
  return {
    classificationSeconds: new Histogram({
      name: 'semantic_router_classification_duration_seconds',
      help: 'Time to classify one prompt (featurize and run the model), by which text was classified.',
      labelNames: ['input'] as const,
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
    routingReasons: new Counter({
      name: 'llm_routing_reason_codes_total',
      help: 'semantic-route decisions by reason code and chosen model (models outside the stage config count as "other").',
      labelNames: ['reason_code', 'model'] as const,
      registers: [registry],
    }),
    jailbreakAttempts: new Counter({
      name: 'semantic_router_jailbreak_attempts_total',
      help: 'Prompts prompt-guard found to be jailbreaks, by what it did (block or flag).',
      labelNames: ['action'] as const,
      registers: [registry],
    }),
  };
}
