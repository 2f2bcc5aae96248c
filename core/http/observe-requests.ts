import type { Next } from 'koa';
import { performance } from 'node:perf_hooks';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { ModelCatalog } from '../plugin-contract.js';
import type { GatewayContext, RequestObservation } from './gateway-context.js';
import type { ErrorResponse } from '../errors/openai-error-body.js';
import { resolveRequestId } from './request-id.js';

/**
 * Outermost middleware: gives every request its id and records it in /metrics once the response
 * has fully left (or the client went away), so streams count their whole duration and usage.
 */
export function createRequestObserver(metrics: GatewayMetrics, models: ModelCatalog) {
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
      metrics.duration.observe({ route }, (performance.now() - startedAt) / 1000);
      if (x === undefined) return;
      if (x.timings.firstByteAt !== undefined) {
        metrics.timeToFirstToken.observe({ route, model }, (x.timings.firstByteAt - x.timings.startedAt) / 1000);
      }
      for (const usage of x.usage) {
        const usageModel = models.has(usage.model) ? usage.model : model;
        metrics.tokens.inc({ direction: 'input', model: usageModel }, usage.promptTokens);
        metrics.tokens.inc({ direction: 'output', model: usageModel }, usage.completionTokens);
        if (usage.cost !== undefined) metrics.cost.inc({ model: usageModel, currency: usage.currency ?? 'USD' }, usage.cost);
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
