import type { PluginRequest, PluginRoute } from '../plugin-contract.js';
import type { SchemaValidators } from '../schema/schema-validators.js';
import { flattenHeaders } from './flatten-headers.js';
import type { GatewayContext } from './gateway-context.js';
import type { RouteRegistrar } from './gateway-router.js';
import { readAdminBody } from './read-admin-body.js';

/**
 * A plugin's route on the router: the kernel attaches the group's guard (as for its own routes),
 * reads and validates the body against the route's schema (every error reported), and writes
 * what the plugin answers. Plugins never see Koa.
 */
export function registerPluginRoute(routes: RouteRegistrar, route: PluginRoute, validators: SchemaValidators): void {
  routes.add({ method: route.method, path: route.path, group: route.group, ...(route.acceptsXApiKey === true ? { acceptsXApiKey: true } : {}) }, async (ctx: GatewayContext) => {
    const body = route.bodySchemaId === undefined ? undefined : await readAdminBody<unknown>(ctx, validators, route.bodySchemaId, route.screenBody);
    const abort = new AbortController();
    ctx.res.once('close', () => {
      if (!ctx.res.writableFinished) abort.abort();
    });
    const watch = ctx.observation.watch;
    const request: PluginRequest = {
      method: ctx.method,
      path: ctx.path,
      params: { ...(ctx.params ?? {}) },
      query: new URLSearchParams(ctx.querystring),
      headers: flattenHeaders(ctx.req.headers),
      principal: ctx.observation.principal,
      requestId: ctx.observation.requestId,
      body,
      signal: abort.signal,
      ...(watch?.callStarted === undefined ? {} : { callStarted: watch.callStarted.bind(watch) }),
    };
    const response = await route.handle(request);
    ctx.status = response.status ?? 200;
    if (response.headers !== undefined) ctx.set({ ...response.headers });
    // Koa sends objects as JSON, and strings, buffers and streams as they are.
    if (response.body !== undefined) ctx.body = response.body;
  });
}
