import type { Exchange } from '../../../core/pipeline/exchange.js';
import { isJsonObject } from '../../../core/streams/is-json-object.js';
import type { Next, ResponseEnd, Stage } from '../../../core/pipeline/stage-contract.js';
import type { ClassifyStageConfig } from '../config/classify-stage-config.generated.js';
import type { ClassifyMetrics } from '../classify-metrics.js';
import { truncateText } from '../model/hash-text-features.js';
import type { PromptClassifier } from '../model/classify-result.js';
import { CLASSIFICATION, formatMs, type Classification } from './classification-state.js';
import { routingMetadataOf } from './routing-metadata.js';
import { promptTextOf, type PromptInput } from './prompt-text.js';

/**
 * Classifies the request's text once and puts category, confidence, scores and the jailbreak
 * probability in the exchange state for the stages after it. On the way back it reports what it
 * did: `x-classification-time`, `x-processing-time`, and the category (`x-vsr-selected-category`);
 * a non-stream chat answer gets vSR's `routing_metadata` unless the stage's config turns it off.
 */
export function createClassifyStage(config: ClassifyStageConfig, classifier: PromptClassifier, metrics: ClassifyMetrics): Stage {
  return {
    async handle(x: Exchange, next: Next): Promise<void> {
      const classification = await classifyExchange(x, config.input, config.max_chars, classifier, metrics);
      x.state.set(CLASSIFICATION, classification);
      await next();
      const response = x.response;
      if (response === undefined) return;
      response.headers['x-classification-time'] = formatMs(classification.ms);
      response.headers['x-processing-time'] = formatMs(performance.now() - x.timings.startedAt);
      if (classification.result !== null) response.headers['x-vsr-selected-category'] = classification.result.category;
      if (config.routing_metadata && response.kind === 'json' && response.status === 200 && isJsonObject(response.body) && response.body['object'] === 'chat.completion') {
        response.body = { ...response.body, routing_metadata: routingMetadataOf(x, classification) };
      }
    },

    onResponseEnd(x: Exchange, end: ResponseEnd): void {
      const category = x.state.get(CLASSIFICATION)?.result?.category ?? 'none';
      metrics.requests.inc({ endpoint: x.route.path, category, status: String(end.status) });
      metrics.requestSeconds.observe({ endpoint: x.route.path }, (performance.now() - x.timings.startedAt) / 1000);
    },
  };
}

/** Runs the model on the chosen text of the request (no text: nothing to classify, result null). */
export async function classifyExchange(x: Exchange, input: PromptInput, maxChars: number, classifier: PromptClassifier, metrics: ClassifyMetrics): Promise<Classification> {
  const text = promptTextOf(x.request.body, input);
  if (text.trim() === '') return { input, result: null, ms: 0 };
  const started = performance.now();
  const result = await classifier.classify(truncateText(text, maxChars));
  const ms = performance.now() - started;
  metrics.classificationSeconds.observe({ input }, ms / 1000);
  return { input, result, ms };
}
