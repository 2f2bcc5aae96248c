import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { GatewayContext, GatewayContextExtension } from './gateway-context.js';
import { markRoute } from './observe-requests.js';

export type GatewayRouter = Router<Record<string, never>, GatewayContextExtension>;
export type GatewayHandler = (ctx: GatewayContext) => Promise<void> | void;

/**
 * Case- and slash-sensitive (DESIGN §4: @koa/router's defaults let `GET /WORKERS` and `/workers/`
 * reach a handler), with every route registered through `addRoute` so it is named in metrics.
 */
export function createGatewayRouter(): GatewayRouter {
  return new Router({ sensitive: true, strict: true });
}

export function addRoute(
  router: GatewayRouter,
  metrics: GatewayMetrics,
  method: 'GET' | 'POST',
  path: string,
  handler: GatewayHandler,
): void {
  const wrapped: Middleware<Record<string, never>, GatewayContextExtension> = async (ctx) => {
    await handler(ctx);
  };
  if (method === 'GET') router.get(path, markRoute(path, metrics), wrapped);
  else router.post(path, markRoute(path, metrics), wrapped);
}
