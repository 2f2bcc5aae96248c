import Router from '@koa/router';
import type { Middleware, Next } from 'koa';
import type { RouteGroup } from '../auth/route-guards.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { GatewayContext, GatewayContextExtension } from './gateway-context.js';
import { markRoute } from './observe-requests.js';
import type { ErrorResponse } from '../errors/openai-error-body.js';

export type GatewayRouter = Router<Record<string, never>, GatewayContextExtension>;
export type GatewayHandler = (ctx: GatewayContext) => Promise<void> | void;
type GatewayMiddleware = Middleware<Record<string, never>, GatewayContextExtension>;

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly group: RouteGroup;
  readonly acceptsXApiKey?: boolean;
  /** A key may always call this route about itself, whatever its `endpoints` scope (GET /v1/keys/self). */
  readonly selfService?: boolean;
  /** Errors on this route in its API's shape (default: OpenAI's). */
  readonly formatError?: (err: unknown) => ErrorResponse;
}

interface AddedRoute {
  readonly methods: readonly string[];
  readonly path: string;
  /** No parameters: one path only. */
  readonly exact: boolean;
  readonly matches: (path: string) => boolean;
  readonly chain: readonly Lane[];
}

/**
 * Runs middleware in order (koa-compose's contract: each gets the next as `next`; a throw becomes
 * a rejection). Not async: each layer would add a promise and a microtask hop to every request.
 */
function chainOf(chain: readonly Lane[]): Lane {
  return (ctx, next) => {
    const dispatch = (i: number): Promise<void> => {
      const middleware = chain[i];
      if (middleware === undefined) return next();
      try {
        return Promise.resolve(middleware(ctx, () => dispatch(i + 1)));
      } catch (err) {
        return rejectWith(err);
      }
    };
    return dispatch(0);
  };
}

type Lane = (ctx: GatewayContext, next: Next) => Promise<void>;

/** A synchronous throw as a rejection, whatever was thrown (koa-compose does the same). */
// eslint-disable-next-line @typescript-eslint/require-await -- async is what turns the throw into a rejection
async function rejectWith(err: unknown): Promise<never> {
  throw err;
}

export interface RouteTableEntry {
  readonly path: string;
  readonly methods: readonly string[];
  readonly group: RouteGroup;
}

/**
 * The only way to add a route: it must name its group, and the group's guard is attached to it
 * right there (never a prefix check elsewhere that a path variant could slip past). The router is
 * case- and slash-sensitive (DESIGN §4: @koa/router's defaults let `GET /WORKERS` and `/workers/`
 * through). The group is kept as the layer's name so the route table is read off the real router.
 */
export class RouteRegistrar {
  readonly router: GatewayRouter = new Router({ sensitive: true, strict: true });
  /** Every route in registration order, as the router tries them. */
  readonly #added: AddedRoute[] = [];

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly guardFor: (spec: RouteSpec) => GatewayMiddleware,
  ) {}

  add(spec: RouteSpec, handler: GatewayHandler): void {
    const run: Lane = (ctx) => Promise.resolve(handler(ctx));
    const guard: Lane = this.guardFor(spec);
    const chain: Lane[] = [markRoute(spec.path, this.metrics, spec.formatError), guard, run];
    this.router.register(spec.path, [spec.method], chain, { name: spec.group });
    const layer = this.router.stack.at(-1);
    if (layer === undefined) throw new Error(`The router did not take ${spec.method} ${spec.path}.`);
    // The router answers GET routes' HEAD requests too.
    const methods = spec.method === 'GET' ? ['GET', 'HEAD'] : [spec.method];
    this.#added.push({ methods, path: spec.path, exact: layer.paramNames.length === 0, matches: (path) => layer.match(path), chain });
  }

  /**
   * Paths without parameters, answered from a map ahead of @koa/router — which tests every route's
   * pattern and builds a middleware chain on each request: with the control plane's hundred-odd
   * routes, a measurable share of every data-plane request (issue 11). A path that a route added
   * earlier also matches is left to the router, so which route answers never changes.
   */
  exactPathLane(): GatewayMiddleware {
    const lanes = new Map<string, Lane>();
    this.#added.forEach((route, index) => {
      if (!route.exact) return;
      const shadowed = (method: string): boolean => this.#added.slice(0, index).some((earlier) => earlier.methods.includes(method) && earlier.matches(route.path));
      for (const method of route.methods) {
        const key = `${method} ${route.path}`;
        if (!lanes.has(key) && !shadowed(method)) lanes.set(key, chainOf(route.chain));
      }
    });
    return (ctx, next) => {
      const lane = lanes.get(`${ctx.method} ${ctx.path}`);
      return lane === undefined ? next() : lane(ctx, next);
    };
  }

  /** Every route the router actually has, with its group. */
  table(): RouteTableEntry[] {
    return this.router.stack.map((layer) => ({
      path: String(layer.path),
      methods: layer.methods,
      group: layer.name as RouteGroup,
    }));
  }
}
