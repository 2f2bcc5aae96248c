import type { Next } from 'koa';
import type { Logger } from 'pino';
import { performance } from 'node:perf_hooks';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { ModelCatalog } from '../plugin-contract.js';
import type { GatewayContext, RequestObservation } from './gateway-context.js';
import type { ErrorResponse } from '../errors/openai-error-body.js';
import { resolveRequestId } from './request-id.js';
import type { RequestWatcher } from './request-watcher.js';
import { subjectOf } from '../auth/principal.js';

/**
 * Outermost middleware: gives every request its id and, once the response has fully left (or the
 * client went away), records it in /metrics and writes its one request log line, so streams count
 * their whole duration and usage. The hot path: one closure per request (the close listener) and
 * the log line's object only when its level is on.
 */
/** Health probes and scrapes: logged at debug, or a Kubernetes probe every few seconds fills the log. */
const PROBE_ROUTES: ReadonlySet<string> = new Set(['/health', '/healthz', '/liveness', '/health/liveliness', '/readiness', '/health/readiness', '/metrics']);

export function createRequestObserver(metrics: GatewayMetrics, models: ModelCatalog, requestLog: Logger, watcher?: RequestWatcher) {
  return async function observeRequest(ctx: GatewayContext, next: Next): Promise<void> {
    const startedAt = performance.now();
    const observation: RequestObservation = {
      requestId: resolveRequestId(ctx.get('x-request-id') || undefined),
      route: 'unmatched',
      formatError: undefined,
      principal: undefined,
      exchange: undefined,
      stages: undefined,
      watch: undefined,
    };
    ctx.observation = observation;
    if (watcher !== undefined) observation.watch = watcher.requestStarted({ method: ctx.method, path: ctx.path, headers: ctx.req.headers, requestId: observation.requestId });
    ctx.set('x-request-id', observation.requestId);
    ctx.res.once('close', () => {
      const route = observation.route;
      if (route !== 'unmatched') metrics.inFlight.add([route], -1);
      const x = observation.exchange;
      const model = x === undefined ? 'none' : models.has(x.request.model) ? x.request.model : 'other';
      // A response the client did not wait for is 499 (nginx's "client closed request"), whatever
      // status Koa held at that moment (404 until a handler sets one).
      const status = ctx.res.writableFinished ? ctx.status : 499;
      const statusLabel = String(status);
      const latencyMs = performance.now() - startedAt;
      metrics.requests.add([route, statusLabel, model]);
      if (x?.streamError !== undefined) metrics.streamErrors.inc({ route, reason: x.streamError });
      metrics.duration.observe({ route }, latencyMs / 1000);
      observation.watch?.finished({
        route,
        status,
        model: x === undefined || x.request.model === '' ? undefined : x.request.model,
        servedModel: x?.servedModel,
        streamError: x?.streamError,
      });
      let promptTokens = 0;
      let completionTokens = 0;
      let cachedTokens = 0;
      let cost: number | undefined;
      let costEstimated = false;
      let currency: string | undefined;
      let ttftMs: number | undefined;
      if (x !== undefined) {
        metrics.perModel.record(model, status >= 400 || x.streamError !== undefined, latencyMs);
        if (x.timings.firstByteAt !== undefined) {
          ttftMs = x.timings.firstByteAt - x.timings.startedAt;
          metrics.timeToFirstToken.observe({ route, model }, ttftMs / 1000);
        }
        for (const usage of x.usage) {
          const usageModel = models.has(usage.model) ? usage.model : model;
          metrics.tokens.add(['input', usageModel], usage.promptTokens);
          metrics.tokens.add(['output', usageModel], usage.completionTokens);
          promptTokens += usage.promptTokens;
          completionTokens += usage.completionTokens;
          cachedTokens += usage.cachedTokens ?? 0;
          const estimated = usage.estimated === true;
          if (estimated) {
            costEstimated = true;
            metrics.estimatedUsage.inc({ model: usageModel });
          }
          if (usage.cost !== undefined) {
            metrics.cost.add([usageModel, usage.currency ?? 'USD'], usage.cost);
            if (estimated) metrics.estimatedCost.inc({ model: usageModel, currency: usage.currency ?? 'USD' }, usage.cost);
            cost = (cost ?? 0) + usage.cost;
            currency = usage.currency ?? 'USD';
          }
          metrics.perModel.addUsage(usageModel, usage.promptTokens, usage.completionTokens, usage.cachedTokens ?? 0, usage.cost, usage.currency ?? 'USD', estimated);
        }
      }
      const level = PROBE_ROUTES.has(route) ? 'debug' : 'info';
      if (!requestLog.isLevelEnabled(level)) return;
      // Ids only: the principal's key id or subject (never its secret), the worker's id (never its URL).
      const principal = observation.principal ?? x?.principal;
      requestLog[level](
        {
          channel: 'request',
          request_id: observation.requestId,
          method: ctx.method,
          route,
          principal: principal === undefined ? null : subjectOf(principal),
          model: x === undefined || x.request.model === '' ? null : x.request.model,
          served_model: x?.servedModel ?? null,
          worker: x?.servedWorker ?? null,
          status,
          latency_ms: Math.round(latencyMs * 1000) / 1000,
          ttft_ms: ttftMs === undefined ? null : Math.round(ttftMs * 1000) / 1000,
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          cached_tokens: cachedTokens,
          cost: cost ?? null,
          currency: currency ?? null,
          // Tokens (and so cost) counted by the gateway's tokenizer: the stream reported no usage.
          cost_estimated: costEstimated,
          retries: x === undefined || x.attempts === 0 ? 0 : x.attempts - 1,
          stream_error: x?.streamError ?? null,
          // The stages whose handle ran, in pipeline order (a stage that answered or refused is the last).
          stages: x === undefined || observation.stages === undefined ? null : observation.stages.slice(0, x.reached + 1),
        },
        'request',
      );
    });
    await next();
  };
}

/** Placed before each route's handler: names the route for metrics and counts it in flight. */
export function markRoute(route: string, metrics: GatewayMetrics, formatError?: (err: unknown) => ErrorResponse) {
  return function routeMarker(ctx: GatewayContext, next: Next): Promise<void> {
    ctx.observation.route = route;
    ctx.observation.formatError = formatError;
    metrics.inFlight.add([route], 1);
    return next();
  };
}
