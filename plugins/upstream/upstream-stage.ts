import { performance } from 'node:perf_hooks';
import { GatewayError } from '../../core/errors/gateway-error.js';
import { toOpenAiErrorBody } from '../../core/errors/openai-error-body.js';
import type { Exchange, JsonObject } from '../../core/pipeline/exchange.js';
import type { Stage, StageDeps } from '../../core/pipeline/stage-contract.js';
import { UpstreamUnreachableError, type UpstreamReply } from '../../core/providers/provider-contract.js';
import { BodyTooLargeError, readBoundedBody } from '../../core/streams/read-bounded-body.js';
import { mapUpstreamError } from './map-upstream-error.js';
import { parseUsage } from './parse-usage.js';
import { SseRelay } from './sse-relay.js';
import type { UpstreamStageConfig } from './upstream-config.js';

const SSE_HEADERS = Object.freeze({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
});

/** Terminal stage: route to a worker, call it through its provider adapter, shape the response. */
export function createUpstreamStage(config: UpstreamStageConfig, deps: StageDeps): Stage {
  return {
    async handle(x: Exchange): Promise<void> {
      const model = x.request.model;
      const worker = deps.workers.pick(model);
      if (worker === undefined) {
        throw new GatewayError('GW_ERR_ROUTING_MODEL_NOT_FOUND', `The model \`${model.slice(0, 256)}\` does not exist or has no worker.`, {
          param: 'model',
          publicCode: 'model_not_found',
        });
      }
      const { body, hideUsage } = prepareBody(x, config);
      let reply: UpstreamReply;
      try {
        reply = await deps.providers.forRuntime(worker.runtime).send({
          worker,
          operation: x.route.operation,
          body,
          requestId: x.requestId,
          signal: x.signal,
          headersTimeoutMs: config.headers_timeout_ms,
        });
      } catch (err) {
        throw mapTransportError(err, x);
      }
      if (reply.status >= 400) throw await mapUpstreamError(reply, worker);

      if (x.request.stream && (reply.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        const relay = new SseRelay(reply.body, {
          hideUsage,
          onUsage: (usage) => {
            const record = parseUsage(usage, model);
            if (record !== undefined) x.usage.push(record);
          },
          onFirstByte: () => x.markFirstByte(performance.now()),
          failureEvent: (reason) => {
            const { body: errorBody } = toOpenAiErrorBody(
              new GatewayError('GW_ERR_UPSTREAM_STREAM_FAILED', `The response stream was cut off: ${reason}.`),
            );
            return Buffer.from(`data: ${JSON.stringify(errorBody)}\n\n`);
          },
        });
        x.response = { kind: 'stream', status: reply.status, headers: { ...SSE_HEADERS }, body: relay };
        return;
      }

      let parsed: unknown;
      try {
        parsed = JSON.parse((await readBoundedBody(reply.body, config.max_response_bytes)).toString('utf8'));
      } catch (err) {
        if (x.signal.aborted) throw x.signal.reason;
        const why = err instanceof BodyTooLargeError ? `exceeds ${config.max_response_bytes} bytes` : 'is not valid JSON';
        throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `The upstream worker's response ${why}.`);
      }
      if (parsed !== null && typeof parsed === 'object') {
        const record = parseUsage((parsed as JsonObject)['usage'], model);
        if (record !== undefined) x.usage.push(record);
      }
      x.response = { kind: 'json', status: reply.status, headers: {}, body: parsed };
    },
  };
}

/**
 * Streams get `stream_options.include_usage` so the gateway can count tokens; the relay then hides
 * the usage from a client that did not ask for it. The client's body object is never mutated.
 */
function prepareBody(x: Exchange, config: UpstreamStageConfig): { body: JsonObject; hideUsage: boolean } {
  const body = x.request.body;
  if (!x.request.stream || config.stream_usage !== 'inject') return { body, hideUsage: false };
  const options = body['stream_options'];
  const current = options !== null && typeof options === 'object' ? (options as JsonObject) : {};
  if (current['include_usage'] === true) return { body, hideUsage: false };
  return { body: { ...body, stream_options: { ...current, include_usage: true } }, hideUsage: true };
}

function mapTransportError(err: unknown, x: Exchange): unknown {
  if (x.signal.aborted) return x.signal.reason;
  if (err instanceof UpstreamUnreachableError) {
    if (err.kind === 'headers_timeout') {
      return new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', 'The upstream worker did not answer in time.');
    }
    return new GatewayError('GW_ERR_UPSTREAM_UNREACHABLE', 'The upstream worker could not be reached.', { cause: err });
  }
  return err;
}
