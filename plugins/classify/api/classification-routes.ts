import { GatewayError } from '../../../core/errors/gateway-error.js';
import type { PluginRoute } from '../../../core/plugin-contract.js';
import type { SchemaValidators } from '../../../core/schema/schema-validators.js';
import type { ClassifyBatchRequest } from '../config/classify-batch-request.generated.js';
import type { ClassifyCombinedRequest } from '../config/classify-combined-request.generated.js';
import type { ClassifyTextRequest } from '../config/classify-text-request.generated.js';
import type { ClassifyMetrics } from '../classify-metrics.js';
import { truncateText } from '../model/hash-text-features.js';
import type { ClassifyResult } from '../model/classify-result.js';
import type { SharedClassifier } from '../shared-classifier.js';
import { DEFAULT_CONFIDENCE_THRESHOLD, intentAnswer, round, securityAnswer } from './classification-answers.js';
import type { RedactionPlan } from '../../pii-redaction/index.js';
import { piiAnswer, type PiiDetector } from './pii-detector.js';

const TEXT_SCHEMA = 'https://switchyard.dev/schemas/requests/classify-text.schema.json';
const COMBINED_SCHEMA = 'https://switchyard.dev/schemas/requests/classify-combined.schema.json';
const BATCH_SCHEMA = 'https://switchyard.dev/schemas/requests/classify-batch.schema.json';

/** The character budget of one text (the classify stage's default). */
const MAX_CHARS = 16_384;

/**
 * vLLM Semantic Router's Classification API on the data plane (API keys, like inference): intent,
 * security (jailbreak), combined and batch, answered by the same shipped model the stages use;
 * pii by the redaction stage's recognizers (its default settings).
 */
export function classificationRoutes(current: () => SharedClassifier, pii: PiiDetector, validators: SchemaValidators, metrics: ClassifyMetrics): PluginRoute[] {
  const isText = validators.guard<ClassifyTextRequest>(TEXT_SCHEMA);
  const isCombined = validators.guard<ClassifyCombinedRequest>(COMBINED_SCHEMA);
  const isBatch = validators.guard<ClassifyBatchRequest>(BATCH_SCHEMA);
  const piiPlan = (): RedactionPlan => pii.plan();

  const classify = async (text: string): Promise<{ result: ClassifyResult; ms: number }> => {
    // Held for the call: a reload that replaces the model releases the old one only after it.
    const shared = current();
    const release = shared.retain();
    let result: ClassifyResult;
    let ms: number;
    try {
      const classifier = await shared.get();
      const started = performance.now();
      result = await classifier.classify(truncateText(text, MAX_CHARS));
      ms = performance.now() - started;
    } finally {
      release();
    }
    metrics.classificationSeconds.observe({ input: 'api' }, ms / 1000);
    return { result, ms };
  };
  const textBody = (body: unknown): ClassifyTextRequest => {
    if (!isText(body)) throw invalid();
    return body;
  };

  return [
    {
      method: 'POST',
      path: '/api/v1/classify/intent',
      group: 'protected',
      bodySchemaId: TEXT_SCHEMA,
      async handle(request) {
        const body = textBody(request.body);
        const { result, ms } = await classify(body.text);
        return { body: intentAnswer(result, ms, body.options) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/classify/security',
      group: 'protected',
      bodySchemaId: TEXT_SCHEMA,
      async handle(request) {
        const body = textBody(request.body);
        const { result, ms } = await classify(body.text);
        return { body: securityAnswer(result, ms, body.options) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/classify/pii',
      group: 'protected',
      bodySchemaId: TEXT_SCHEMA,
      handle(request) {
        const body = textBody(request.body);
        const started = performance.now();
        return { body: piiAnswer(piiPlan(), truncateText(body.text, MAX_CHARS), () => performance.now() - started) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/classify/combined',
      group: 'protected',
      bodySchemaId: COMBINED_SCHEMA,
      async handle(request) {
        if (!isCombined(request.body)) throw invalid();
        const body = request.body;
        const { result, ms } = await classify(body.text);
        const security = securityAnswer(result, ms, body.options);
        const answer: Record<string, unknown> = {};
        if (body.tasks.includes('intent')) answer['intent'] = { category: result.category, confidence: result.confidence };
        if (body.tasks.includes('security')) answer['security'] = { is_jailbreak: security['is_jailbreak'], risk_score: security['risk_score'] };
        const pii = body.tasks.includes('pii') ? piiAnswer(piiPlan(), truncateText(body.text, MAX_CHARS), () => 0) : undefined;
        if (pii !== undefined) answer['pii'] = { has_pii: pii['has_pii'], entities: pii['entities'] };
        const block = (body.tasks.includes('security') && security['recommendation'] === 'block') || pii?.['has_pii'] === true;
        answer['overall_recommendation'] = block ? 'block' : 'allow';
        answer['processing_time_ms'] = round(ms);
        return { body: answer };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/classify/batch',
      group: 'protected',
      bodySchemaId: BATCH_SCHEMA,
      async handle(request) {
        if (!isBatch(request.body)) throw invalid();
        const body = request.body;
        const started = performance.now();
        const results: Record<string, unknown>[] = [];
        const distribution: Record<string, number> = {};
        let confidenceSum = 0;
        let lowConfidence = 0;
        let jailbreaks = 0;
        const threshold = body.options?.confidence_threshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
        for (const text of body.texts) {
          if (request.signal.aborted) throw new GatewayError('GW_ERR_REQUEST_ABORTED', 'Client closed the connection.');
          const { result, ms } = await classify(text);
          if (body.task_type === 'intent') {
            results.push({
              category: result.category,
              confidence: result.confidence,
              processing_time_ms: round(ms),
              ...(body.options?.return_probabilities === true ? { probabilities: result.scores } : {}),
            });
            distribution[result.category] = (distribution[result.category] ?? 0) + 1;
            confidenceSum += result.confidence;
            if (result.confidence < threshold) lowConfidence += 1;
          } else {
            const answer = securityAnswer(result, ms, body.options);
            results.push(answer);
            if (answer['is_jailbreak'] === true) jailbreaks += 1;
          }
        }
        const statistics = body.task_type === 'intent'
          ? { category_distribution: distribution, avg_confidence: confidenceSum / body.texts.length, low_confidence_count: lowConfidence }
          : { jailbreak_count: jailbreaks };
        return { body: { results, total_count: results.length, processing_time_ms: round(performance.now() - started), statistics } };
      },
    },
  ];
}

function invalid(): GatewayError {
  return new GatewayError('GW_ERR_REQUEST_INVALID_BODY', 'Invalid body: see the Classification API schemas (schemas/requests/classify-*.schema.json).');
}
