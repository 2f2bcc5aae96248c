import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { GatewayError } from '../../../core/errors/gateway-error.js';
import { abortSignalOf, type CancelSignal } from '../../../core/pipeline/cancellation.js';
import type { ModelCalls } from '../../../core/plugin-contract.js';
import { recordOf } from '../../../core/util/narrow-json.js';
import type { HashedFeaturizer, SparseFeatures } from '../model/hash-text-features.js';
import { truncateText } from '../model/hash-text-features.js';

/**
 * What the semantic cache compares questions by. `space` names the vectors' kind: answers are
 * bucketed by it, so vectors of two kinds (a reload that sets an embedding model, two gateways on
 * one Redis configured differently) are never compared with each other. undefined: no vector (the
 * embedding call failed), so the request is a miss and is not recorded.
 */
export interface QuestionVectors {
  readonly space: string;
  vectorOf(text: string, request: { readonly requestId: string; readonly cancel: CancelSignal }): SparseFeatures | undefined | Promise<SparseFeatures | undefined>;
}

/** The classifier's hashed n-gram features (in slices, as classify computes them): no model call, no failure. */
export function featureVectors(featurizer: HashedFeaturizer): QuestionVectors {
  return { space: 'features', vectorOf: (text) => featurizer.featurizeInSlices(text) };
}

export interface EmbeddingSettings {
  readonly model: string;
  readonly timeout_ms: number;
  readonly max_input_chars: number;
}

type Outcome = 'ok' | 'timeout' | 'failed' | 'invalid';

/**
 * An embedding model's vectors, asked of the gateway's own workers (`context.modelCalls`) with a
 * deadline. A failure never fails the request: it is counted by outcome and logged (throttled)
 * with the model and the reason, never the question or the vector.
 */
export function embeddingVectors(settings: EmbeddingSettings, calls: ModelCalls, outcomes: Counter<'outcome'>, logger: Logger): QuestionVectors {
  let lastLogged = 0;
  const failed = (outcome: Exclude<Outcome, 'ok'>, reason: string): undefined => {
    outcomes.inc({ outcome });
    if (Date.now() - lastLogged >= 10_000) {
      lastLogged = Date.now();
      logger.warn({ model: settings.model, outcome, reason }, 'semantic-cache: no embedding for the question, the request is a miss');
    }
    return undefined;
  };
  return {
    space: `embedding:${settings.model}`,
    async vectorOf(text, request) {
      const deadline = AbortSignal.timeout(settings.timeout_ms);
      const signal = AbortSignal.any([abortSignalOf(request.cancel), deadline]);
      let reply;
      try {
        reply = await calls.call({
          operation: 'embeddings',
          model: settings.model,
          body: { input: truncateText(text, settings.max_input_chars) },
          requestId: request.requestId,
          timeoutMs: settings.timeout_ms,
          signal,
        });
      } catch (error) {
        const timedOut = deadline.aborted || (error instanceof GatewayError && error.code === 'GW_ERR_UPSTREAM_TIMEOUT');
        return failed(timedOut ? 'timeout' : 'failed', error instanceof Error ? error.message : String(error));
      }
      if (reply.status !== 200) return failed('failed', `the worker answered ${reply.status}`);
      const vector = unitVectorOf(reply.body);
      if (vector === undefined) return failed('invalid', 'the answer holds no usable embedding (data[0].embedding: finite numbers, not all zero)');
      outcomes.inc({ outcome: 'ok' });
      return vector;
    },
  };
}

const MAX_DIMENSIONS = 16_384;

/**
 * `data[0].embedding` of an OpenAI embeddings answer, L2-normalised (so a dot product is the
 * cosine) and held as sparse features over its dimensions: the stores keep and compare it as they
 * do the featurizer's vectors.
 */
export function unitVectorOf(body: unknown): SparseFeatures | undefined {
  const data = recordOf(body)['data'];
  const embedding: unknown = Array.isArray(data) ? recordOf(data[0])['embedding'] : undefined;
  if (!Array.isArray(embedding) || embedding.length === 0 || embedding.length > MAX_DIMENSIONS) return undefined;
  let norm = 0;
  for (const v of embedding) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
    norm += v * v;
  }
  if (norm === 0) return undefined;
  const scale = 1 / Math.sqrt(norm);
  const indices = new Int32Array(embedding.length);
  const values = new Float32Array(embedding.length);
  embedding.forEach((v: number, i) => {
    indices[i] = i;
    values[i] = v * scale;
  });
  return { indices, values };
}
