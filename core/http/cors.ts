import type { Next } from 'koa';
import type { KernelConfig } from '../config/kernel-config.generated.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayContext } from './gateway-context.js';

type CorsConfig = KernelConfig['cors'];

/** Only the data plane (/v1/...) is offered to browsers; the control plane never is. */
const DATA_PLANE = '/v1/';
const METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';
/** What a browser app may read from an answer besides the safelisted headers. */
const EXPOSED = 'x-request-id, x-config-version, retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, x-should-retry';

/**
 * CORS for browser apps calling the data plane, off until `cors.allowed_origins` lists an origin.
 * A preflight is answered here, before any route or auth (a browser sends it without credentials);
 * an actual request from an allowed origin gets the headers that let the page read the answer,
 * errors included. Read per request, so a config reload applies at once.
 */
export function createCors(config: () => CorsConfig) {
  // Not async: most requests only pass through, and an async layer costs a promise and a hop each.
  return function cors(ctx: GatewayContext, next: Next): Promise<void> {
    const origin = ctx.get('origin');
    const { allowed_origins: allowed } = config();
    if (origin === '' || allowed.length === 0 || !ctx.path.startsWith(DATA_PLANE)) return next();
    return answerBrowser(ctx, next, origin, allowed);
  };

  async function answerBrowser(ctx: GatewayContext, next: Next, origin: string, allowed: readonly string[]): Promise<void> {
    const permitted = allowed.includes('*') || allowed.includes(origin);
    ctx.vary('Origin');
    const preflight = ctx.method === 'OPTIONS' && ctx.get('access-control-request-method') !== '';
    if (preflight) {
      if (!permitted) throw new GatewayError('GW_ERR_AUTH_FORBIDDEN', `Origin ${origin.slice(0, 200)} may not call this gateway from a browser; add it to cors.allowed_origins.`);
      const { allowed_headers: headers, max_age_seconds: maxAge } = config();
      ctx.set('access-control-allow-origin', allowed.includes('*') ? '*' : origin);
      ctx.set('access-control-allow-methods', METHODS);
      ctx.set('access-control-allow-headers', headers.join(', '));
      ctx.set('access-control-max-age', String(maxAge));
      ctx.status = 204;
      return;
    }
    if (permitted) {
      ctx.set('access-control-allow-origin', allowed.includes('*') ? '*' : origin);
      ctx.set('access-control-expose-headers', EXPOSED);
    }
    await next();
  }
}
