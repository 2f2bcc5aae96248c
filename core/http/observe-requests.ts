import type { Next } from 'koa';
import type { Logger } from 'pino';
import { performance } from 'node:perf_hooks';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { ModelCatalog } from '../plugin-contract.js';
import type { GatewayContext, RequestObservation } from './gateway-context.js';
import type { ErrorResponse } from '../errors/openai-error-body.js';
import { resolveRequestId } from './request-id.js';

/** Probes and scrapes: logged at debug, so the request log at info is the traffic. */
const QUIET_ROUTES = new Set(['/health', '/healthz', '/liveness', '/health/liveliness', '/readiness', '/health/readiness', '/metrics']);

/**
 * Outermost middleware: gives every request its id and records it in /metrics and in the request
 * log (one line, never a secret: no headers, bodies or query strings) once the response has fully
 * left (or the client went away), so streams count their whole duration and usage.
 */
export function createRequestObserver(metrics: GatewayMetrics, models: ModelCatalog, logger?: Logger) {
  return async function observeRequest(ctx: GatewayContext, next: Next): Promise<void> {
    const startedAt = performance.now();
    const observation: RequestObservation = {
      requestId: resolveRequestId(ctx.get('x-request-id') || undefined),
      route: 'unmatched',
      formatError: undefined,
      principal: undefined,
      exchange: undefined,
    };
    ctx.observation = observation;
    ctx.set('x-request-id', observation.requestId);
    ctx.res.once('close', () => {
      const route = observation.route;
      if (route !== 'unmatched') metrics.inFlight.dec({ route });
      const x = observation.exchange;
      const model = x === undefined ? 'none' : models.has(x.request.model) ? x.request.model : 'other';
      // A response the client did not wait for is 499 (nginx's "client closed request"), whatever
      // status Koa held at that moment (404 until a handler sets one).
      const status = ctx.res.writableFinished ? String(ctx.status) : '499';
      metrics.requests.inc({ route, status, model });
      if (x?.streamError !== undefined) metrics.streamErrors.inc({ route, reason: x.streamError });
      const latencyMs = performance.now() - startedAt;
      metrics.duration.observe({ route }, latencyMs / 1000);
      if (logger !== undefined) logRequest(logger, ctx, observation, status, latencyMs);
      if (x === undefined) return;
      if (x.timings.firstByteAt !== undefined) {
        metrics.timeToFirstToken.observe({ route, model }, (x.timings.firstByteAt - x.timings.startedAt) / 1000);
      }
      for (const usage of x.usage) {
        const usageModel = models.has(usage.model) ? usage.model : model;
        metrics.tokens.inc({ direction: 'input', model: usageModel }, usage.promptTokens);
        metrics.tokens.inc({ direction: 'output', model: usageModel }, usage.completionTokens);
      }
    });
    await next();
  };
}

/** Placed before each route's handler: names the route for metrics and counts it in flight. */
export function markRoute(route: string, metrics: GatewayMetrics, formatError?: (err: unknown) => ErrorResponse) {
  return async function routeMarker(ctx: GatewayContext, next: Next): Promise<void> {
    ctx.observation.route = route;
    ctx.observation.formatError = formatError;
    metrics.inFlight.inc({ route });
    await next();
  };
}

/** The request log line: what an operator needs to follow one request, with `request_id` as everywhere. */
function logRequest(logger: Logger, ctx: GatewayContext, observation: RequestObservation, status: string, latencyMs: number): void {
  const x = observation.exchange;
  const tokens = x?.usage.reduce((sum, u) => ({ prompt: sum.prompt + u.promptTokens, completion: sum.completion + u.completionTokens }), { prompt: 0, completion: 0 });
  const line = {
    request_id: observation.requestId,
    method: ctx.method,
    route: observation.route,
    principal: observation.principal?.id ?? null,
    model: x?.request.model || null,
    served_model: x?.served?.model ?? null,
    worker: x?.served?.worker ?? null,
    status: Number(status),
    latency_ms: Math.round(latencyMs * 10) / 10,
    ttft_ms: x?.timings.firstByteAt === undefined ? null : Math.round((x.timings.firstByteAt - x.timings.startedAt) * 10) / 10,
    prompt_tokens: tokens?.prompt ?? null,
    completion_tokens: tokens?.completion ?? null,
    retries: x === undefined ? null : Math.max(0, x.attempts - 1),
    ...(x?.streamError === undefined ? {} : { stream_error: x.streamError }),
  };
  if (QUIET_ROUTES.has(observation.route)) logger.debug(line, 'request');
  else logger.info(line, 'request');
}
