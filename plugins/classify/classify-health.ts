import type { PiiDetector } from './api/pii-detector.js';
import type { AnswerStore } from './cache/answer-store.js';
import type { SharedClassifier } from './shared-classifier.js';

/**
 * The seed's `/health` sections: `models` (category_classifier, jailbreak_guard — heads of the one
 * shipped model — and pii_detector) and `cache`. Nothing while the plugin is unused, so a gateway
 * without classification answers `/health` as before.
 */
export function classifyHealth(shared: SharedClassifier, pii: PiiDetector, caches: ReadonlySet<AnswerStore>): Record<string, unknown> {
  const model = shared.state();
  if (model === 'not_loaded' && caches.size === 0 && !pii.loaded()) return {};
  let entries = 0;
  let hits = 0;
  let lookups = 0;
  for (const cache of caches) {
    entries += cache.size;
    hits += cache.hits;
    lookups += cache.hits + cache.misses;
  }
  return {
    models: { category_classifier: model, jailbreak_guard: model, pii_detector: pii.loaded() ? 'loaded' : 'not_loaded' },
    cache: { status: caches.size > 0 ? 'enabled' : 'disabled', entries, hit_rate: lookups === 0 ? 0 : hits / lookups },
  };
}
