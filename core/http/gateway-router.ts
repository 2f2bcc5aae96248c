import Router from '@koa/router';
import type { Middleware } from 'koa';
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

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly guardFor: (spec: RouteSpec) => GatewayMiddleware,
  ) {}

  add(spec: RouteSpec, handler: GatewayHandler): void {
    const run: GatewayMiddleware = async (ctx) => {
      await handler(ctx);
    };
    this.router.register(spec.path, [spec.method], [markRoute(spec.path, this.metrics, spec.formatError), this.guardFor(spec), run], {
      name: spec.group,
    });
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
