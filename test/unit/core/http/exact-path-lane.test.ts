import { expect } from 'chai';
import Koa from 'koa';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { GatewayError } from '../../../../core/errors/gateway-error.js';
import { createErrorBoundary } from '../../../../core/http/error-boundary.js';
import type { GatewayContextExtension } from '../../../../core/http/gateway-context.js';
import { RouteRegistrar } from '../../../../core/http/gateway-router.js';
import { createNoRouteHandler } from '../../../../core/http/no-route-handler.js';
import { createRequestObserver } from '../../../../core/http/observe-requests.js';
import { GatewayMetrics } from '../../../../core/metrics/gateway-metrics.js';

/** The exact-path lane must answer every request with the route the router alone would have chosen. */
describe('RouteRegistrar.exactPathLane', () => {
  let server: Server;
  let base: string;

  before(async () => {
    const metrics = new GatewayMetrics();
    const routes = new RouteRegistrar(metrics, () => async (_ctx, next) => {
      await next();
    });
    const answer = (name: string) => (ctx: { body: unknown; params?: Record<string, string> }) => {
      ctx.body = { route: name, params: ctx.params ?? {} };
    };
    // A pattern added first also matches /things/special: the router gives it that path.
    routes.add({ method: 'GET', path: '/things/:id', group: 'public' }, answer('things/:id'));
    routes.add({ method: 'GET', path: '/things/special', group: 'public' }, answer('things/special (shadowed)'));
    routes.add({ method: 'POST', path: '/things/special', group: 'public' }, answer('POST things/special'));
    routes.add({ method: 'GET', path: '/plain', group: 'public' }, answer('plain'));
    routes.add({ method: 'GET', path: '/plain/:rest', group: 'public' }, answer('plain/:rest'));
    routes.add({ method: 'GET', path: '/throws', group: 'public' }, () => {
      throw new GatewayError('GW_ERR_AUTH_FORBIDDEN', 'Thrown before any await.');
    });
    const koa = new Koa<Record<string, never>, GatewayContextExtension>();
    koa.use(createRequestObserver(metrics, { list: () => [], has: () => false }, pino({ level: 'silent' })));
    koa.use(createErrorBoundary(pino({ level: 'silent' })));
    koa.use(routes.exactPathLane());
    koa.use(routes.router.routes());
    koa.use(createNoRouteHandler(routes.router));
    const handle = koa.callback();
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = async (path: string, method = 'GET'): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${base}${path}`, { method });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  };

  it('answers an exact path from the lane, with the route the router would pick', async () => {
    expect(await get('/plain')).to.deep.equal({ status: 200, body: { route: 'plain', params: {} } });
    expect(await get('/things/special', 'POST')).to.deep.equal({ status: 200, body: { route: 'POST things/special', params: {} } });
  });

  it('leaves a path an earlier pattern matches to the router', async () => {
    expect(await get('/things/special')).to.deep.equal({ status: 200, body: { route: 'things/:id', params: { id: 'special' } } });
    expect(await get('/plain/x')).to.deep.equal({ status: 200, body: { route: 'plain/:rest', params: { rest: 'x' } } });
  });

  it('turns a handler that throws synchronously into its error response (the chain is not async)', async () => {
    const { status, body } = await get('/throws');
    expect(status).to.equal(403);
    expect(body).to.have.nested.property('error.message', 'Thrown before any await.');
  });

  it('keeps the router\'s HEAD for GET, case and slash sensitivity, 404 and 405', async () => {
    expect((await get('/plain', 'HEAD')).status).to.equal(200);
    expect((await get('/PLAIN')).status).to.equal(404);
    expect((await get('/plain/')).status).to.equal(404);
    expect((await get('/plain', 'DELETE')).status).to.equal(405);
  });
});
