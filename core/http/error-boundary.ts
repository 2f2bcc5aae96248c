import type { Logger } from 'pino';
import type { Next } from 'koa';
import { isGatewayError } from '../errors/gateway-error.js';
import { toOpenAiErrorBody } from '../errors/openai-error-body.js';
import type { GatewayContext } from './gateway-context.js';

/** The one place every error becomes an OpenAI-shaped body. */
export function createErrorBoundary(logger: Logger) {
  return async function errorBoundary(ctx: GatewayContext, next: Next): Promise<void> {
    try {
      await next();
    } catch (err) {
      const { status, body, headers } = (ctx.observation.formatError ?? toOpenAiErrorBody)(err);
      if (!isGatewayError(err) || status >= 500) {
        logger.error(
          { request_id: ctx.observation.requestId, route: ctx.observation.route, status, err: isGatewayError(err) ? err.code : err },
          'request failed',
        );
      }
      if (ctx.headerSent) return;
      ctx.status = status;
      ctx.set(headers);
      ctx.body = body;
    }
  };
}
