import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayContext } from './gateway-context.js';
import type { GatewayRouter } from './gateway-router.js';

/** After the router: a JSON 405 (with Allow) for a known path, otherwise a JSON 404. */
export function createNoRouteHandler(router: GatewayRouter) {
  return function answerNoRoute(ctx: GatewayContext): never {
    const methods = router.stack.filter((layer) => layer.match(ctx.path)).flatMap((layer) => layer.methods);
    if (methods.length > 0) {
      throw new GatewayError('GW_ERR_REQUEST_METHOD_NOT_ALLOWED', `Method ${ctx.method} is not allowed on ${ctx.path}.`, {
        headers: { allow: [...new Set(methods)].join(', ') },
      });
    }
    throw new GatewayError('GW_ERR_REQUEST_ROUTE_NOT_FOUND', `No route for ${ctx.method} ${ctx.path.slice(0, 200)}.`);
  };
}
