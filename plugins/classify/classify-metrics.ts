import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AnswerStore } from './cache/answer-store.js';

/** The classification metrics of vLLM Semantic Router, registered once per app by the plugin. */
export interface ClassifyMetrics {
  readonly classificationSeconds: Histogram<'input'>;
  readonly requests: Counter<'endpoint' | 'category' | 'status'>;
  readonly requestSeconds: Histogram<'endpoint'>;
  readonly routingReasons: Counter<'reason_code' | 'model'>;
  readonly jailbreakAttempts: Counter<'action'>;
  readonly reasoningDecisions: Counter<'category' | 'model' | 'enabled' | 'effort'>;
  readonly reasoningTemplates: Counter<'family' | 'param'>;
  readonly reasoningEfforts: Counter<'family' | 'effort'>;
  /** The semantic cache's calls to its embedding model, by outcome (ok, timeout, failed, invalid). */
  readonly cacheEmbeddings: Counter<'outcome'>;
  /** Every semantic-cache stage's cache; the gauges read them when scraped. */
  readonly caches: Set<AnswerStore>;
}

export function createClassifyMetrics(registry: Registry): ClassifyMetrics {
  const caches = new Set<AnswerStore>();
  new Gauge({
    name: 'semantic_router_cache_size',
    help: 'Answers the semantic caches hold.',
    registers: [registry],
    collect() {
      this.set([...caches].reduce((n, c) => n + c.size, 0));
    },
  });
  new Gauge({
    name: 'semantic_router_cache_hit_ratio',
    help: 'Semantic cache hits over lookups since start (0 before any lookup).',
    registers: [registry],
    collect() {
      let hits = 0;
      let lookups = 0;
      for (const c of caches) {
        hits += c.hits;
        lookups += c.hits + c.misses;
      }
      this.set(lookups === 0 ? 0 : hits / lookups);
    },
  });
  return {
    caches,
    // Per route that runs classify; categories are the model's labels (or "none"): bounded.
    requests: new Counter({
      name: 'semantic_router_requests_total',
      help: 'Requests through a route that runs classify, by route, category and HTTP status (499: client gone).',
      labelNames: ['endpoint', 'category', 'status'] as const,
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: 'semantic_router_request_duration_seconds',
      help: 'Time from arrival until the response fully left, for routes that run classify.',
      labelNames: ['endpoint'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
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
    // Labels stay bounded: categories are the model's labels, models and families those in the stage's config.
    reasoningDecisions: new Counter({
      name: 'llm_reasoning_decisions_total',
      help: 'reasoning-mode decisions by category, model, whether reasoning was switched on, and effort ("none" when off).',
      labelNames: ['category', 'model', 'enabled', 'effort'] as const,
      registers: [registry],
    }),
    reasoningTemplates: new Counter({
      name: 'llm_reasoning_template_usage_total',
      help: 'Requests whose reasoning field reasoning-mode wrote, by model family and the parameter written.',
      labelNames: ['family', 'param'] as const,
      registers: [registry],
    }),
    cacheEmbeddings: new Counter({
      name: 'semantic_router_cache_embedding_requests_total',
      help: 'Embeddings the semantic cache asked its embedding model for, by outcome: ok, timeout, failed (no worker, transport, non-200) or invalid (not a vector); all but ok make the request a cache miss.',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    reasoningEfforts: new Counter({
      name: 'llm_reasoning_effort_usage_total',
      help: 'Reasoning switched on by reasoning-mode, by model family and effort.',
      labelNames: ['family', 'effort'] as const,
      registers: [registry],
    }),
  };
}
