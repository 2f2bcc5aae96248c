import { GatewayError } from '../../../core/errors/gateway-error.js';
import type { ModelCallReply, ModelCallRequest, ModelCalls } from '../../../core/plugin-contract.js';
import { readBoundedBody } from '../../../core/streams/read-bounded-body.js';
import type { UpstreamReply, UpstreamTimeouts } from '../providers/provider-contract.js';
import { classifyTransportFailure } from './classify-failure.js';
import type { UpstreamServices } from './upstream-stage.js';
import { charge } from './upstream-stage.js';

const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * `context.modelCalls` for other plugins (the semantic cache's embeddings): the same routing,
 * circuit breakers, connection slots and provider adapters as the upstream stage, one attempt, no
 * retry and no queueing — the caller has a fallback and a short deadline. The worker's breaker
 * learns from the outcome as it would from a client's request.
 */
export function createModelCalls(services: () => UpstreamServices): ModelCalls {
  return {
    async call(request: ModelCallRequest): Promise<ModelCallReply> {
      const { router, providers } = services();
      const route = router.route(router.served(request.model), { model: request.model, sessionKey: undefined, promptText: () => '' }, new Set());
      if (route === undefined) throw new GatewayError('GW_ERR_ROUTING_NO_WORKER', `No worker for \`${request.model.slice(0, 256)}\` is available right now.`);
      // A prefill/decode pair answers through its decode half; an embedding model is rarely split.
      const worker = route.kind === 'single' ? route.worker : route.decode;
      const breaker = worker.breakerFor(route.model);
      if (!breaker.tryAcquire()) throw new GatewayError('GW_ERR_ROUTING_NO_WORKER', `The worker for \`${request.model.slice(0, 256)}\` is resting after failures (circuit open).`);
      const release = worker.acquire();
      const timeouts: UpstreamTimeouts = { connectMs: request.timeoutMs, headersMs: request.timeoutMs, idleMs: request.timeoutMs };
      try {
        let reply: UpstreamReply;
        try {
          reply = await providers.forRuntime(worker.runtime).send({
            worker,
            operation: request.operation,
            body: { ...request.body, model: route.model },
            requestId: request.requestId,
            signal: request.signal,
            timeouts,
          });
        } catch (err) {
          const failure = classifyTransportFailure(err, timeouts, request.signal);
          charge(breaker, failure.verdict);
          throw failure.error;
        }
        charge(breaker, reply.status >= 500 ? 'failure' : 'success');
        const bytes = await readBoundedBody(reply.body, request.maxBytes ?? DEFAULT_MAX_BYTES, {
          ms: request.timeoutMs,
          error: () => new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `The worker went silent for ${request.timeoutMs} ms.`),
        });
        let body: unknown;
        try {
          body = JSON.parse(bytes.toString('utf8'));
        } catch {
          throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', "The worker's answer is not JSON.");
        }
        return { status: reply.status, body };
      } finally {
        release();
      }
    },
  };
}
