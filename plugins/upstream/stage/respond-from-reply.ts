import { performance } from 'node:perf_hooks';
import { errors as undiciErrors } from 'undici';
import { GatewayError } from '../../../core/errors/gateway-error.js';
import { toOpenAiErrorBody } from '../../../core/errors/openai-error-body.js';
import type { Exchange, StreamErrorReason, UsageRecord } from '../../../core/pipeline/exchange.js';
import { UpstreamProtocolError, type UpstreamReply } from '../providers/provider-contract.js';
import type { CircuitBreaker } from '../fleet/circuit-breaker.js';
import { BodyTooLargeError, readBoundedBody } from '../../../core/streams/read-bounded-body.js';
import { isJsonObject } from '../../../core/streams/is-json-object.js';
import { parseUsage } from './parse-usage.js';
import { formatCost, priceUsage } from './price-usage.js';
import { estimateUsage, type CountTokens } from './estimate-usage.js';
import type { ModelsConfig } from '../config/config-types.js';
import { SseRelay } from './sse-relay.js';
import { SseEventTooLargeError } from '../../../core/streams/sse-framer.js';
import type { UpstreamStageConfig } from '../config/upstream-stage-config.generated.js';

const SSE_HEADERS = Object.freeze({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
});

/**
 * Turns a successful upstream reply into the exchange's response: a stream is relayed event by
 * event (usage read on the way, failures in-band); a JSON body is read within its size limit.
 * Usage is recorded under `model`, the model that actually answered (a fallback's, maybe).
 */
export async function respondFromReply(x: Exchange, reply: UpstreamReply, model: string, config: UpstreamStageConfig, breaker: CircuitBreaker, models: ModelsConfig, countTokens?: CountTokens): Promise<void> {
  const record = (usage: unknown): UsageRecord | undefined => {
    const counted = parseUsage(usage, model);
    if (counted === undefined) return undefined;
    const priced = priceUsage(models, counted);
    x.usage.push(priced);
    return priced;
  };
  const contentType = reply.headers['content-type'] ?? '';
  const passthrough = x.route.operation === 'passthrough';
  if (passthrough && !contentType.startsWith('text/event-stream') && !/^application\/(?:[\w.+-]+\+)?json/i.test(contentType)) {
    breaker.recordSuccess();
    // Audio, file contents …: the worker's bytes as they come, with their media type. (No 'data'
    // listener here: it would start the flow before Koa pipes the body and drop bytes.)
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'content-disposition']) if (reply.headers[name] !== undefined) headers[name] = reply.headers[name];
    x.response = { kind: 'stream', status: reply.status, headers, body: reply.body };
    return;
  }
  if ((x.request.stream || passthrough) && contentType.startsWith('text/event-stream')) {
    // The worker answered; a failure later in the stream is counted when (and if) it happens.
    breaker.recordSuccess();
    const streamOptions = x.request.body['stream_options'];
    const clientAskedForUsage = isJsonObject(streamOptions) && streamOptions['include_usage'] === true;
    const relay = new SseRelay(reply.body, {
      hideUsage: !passthrough && config.stream_usage === 'inject' && !clientAskedForUsage,
      requireDone: !passthrough,
      idleMs: config.idle_timeout_ms,
      idleError: () => new undiciErrors.BodyTimeoutError(),
      maxEventBytes: config.max_event_bytes,
      onUsage: record,
      // Generated text is held (up to the response size limit) only until usage arrives.
      ...(passthrough
        ? {}
        : {
            maxHeldBytes: config.max_response_bytes,
            onNoUsage: (generated: string) => {
              x.usage.push(priceUsage(models, estimateUsage(model, x.request.body, generated, countTokens)));
            },
          }),
      onFirstByte: () => x.markFirstByte(performance.now()),
      failureEvent: (reason, err) => {
        breaker.recordFailure();
        x.streamError = streamErrorReason(err, reason);
        const { body } = toOpenAiErrorBody(new GatewayError('GW_ERR_UPSTREAM_STREAM_FAILED', `The response stream was cut off: ${describe(reason, err, config)}.`));
        return Buffer.from(`data: ${JSON.stringify(body)}\n\n`);
      },
    });
    x.response = {
      kind: 'stream',
      status: reply.status,
      headers: { ...SSE_HEADERS },
      body: relay,
      // A reader that finds the stream broken (an event that is not JSON) charges this worker.
      reportMalformed: () => breaker.recordFailure(),
    };
    return;
  }

  let parsed: unknown;
  try {
    const idle = { ms: config.idle_timeout_ms, error: () => new undiciErrors.BodyTimeoutError() };
    parsed = JSON.parse((await readBoundedBody(reply.body, config.max_response_bytes, idle)).toString('utf8'));
  } catch (err) {
    if (x.cancel.aborted) {
      breaker.release();
      throw x.cancel.reason;
    }
    if (err instanceof undiciErrors.BodyTimeoutError) {
      breaker.recordFailure();
      throw new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `The upstream worker went silent for ${config.idle_timeout_ms} ms.`);
    }
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      breaker.release();
      throw new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `No complete answer within ${config.total_timeout_ms} ms.`);
    }
    breaker.recordFailure();
    const why = err instanceof BodyTooLargeError ? `exceeds ${config.max_response_bytes} bytes` : 'is not valid JSON';
    throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `The upstream worker's response ${why}.`);
  }
  breaker.recordSuccess();
  const priced = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? record(Reflect.get(parsed, 'usage')) : undefined;
  // A non-stream answer says what it cost (a stream's cost is known only at its end: see /metrics and the request log).
  const headers: Record<string, string> = priced?.cost === undefined ? {} : { 'x-request-cost': formatCost(priced.cost), 'x-request-cost-currency': priced.currency ?? 'USD' };
  x.response = { kind: 'json', status: reply.status, headers, body: parsed };
}

function streamErrorReason(err: Error | undefined, reason: string): StreamErrorReason {
  if (err instanceof undiciErrors.BodyTimeoutError) return 'idle_timeout';
  if (err instanceof UpstreamProtocolError) return 'invalid_event';
  if (err instanceof SseEventTooLargeError) return 'event_too_large';
  if (err?.name === 'TimeoutError' || (err?.name === 'AbortError' && err.cause instanceof Error && err.cause.name === 'TimeoutError')) return 'total_timeout';
  return err === undefined && reason.includes('[DONE]') ? 'upstream_incomplete' : 'upstream_failed';
}

function describe(reason: string, err: Error | undefined, config: UpstreamStageConfig): string {
  if (err instanceof undiciErrors.BodyTimeoutError) return `no data from the upstream for ${config.idle_timeout_ms} ms`;
  if (err instanceof UpstreamProtocolError) return err.message;
  if (err?.name === 'TimeoutError' || (err?.name === 'AbortError' && err.cause instanceof Error && err.cause.name === 'TimeoutError')) {
    return `the request passed its ${config.total_timeout_ms} ms limit`;
  }
  return reason;
}
