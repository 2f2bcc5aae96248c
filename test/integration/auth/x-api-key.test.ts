import { expect } from 'chai';
import Koa from 'koa';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Authenticator } from '../../../core/auth/authenticator.js';
import { recordsFromConfig } from '../../../core/auth/configured-keys.js';
import { KeyStore } from '../../../core/auth/key-store.js';
import { createRouteGuard } from '../../../core/auth/route-guards.js';
import { createErrorBoundary } from '../../../core/http/error-boundary.js';
import type { GatewayContextExtension } from '../../../core/http/gateway-context.js';
import { RouteRegistrar } from '../../../core/http/gateway-router.js';
import { createRequestObserver } from '../../../core/http/observe-requests.js';
import { GatewayMetrics } from '../../../core/metrics/gateway-metrics.js';

describe('x-api-key is accepted only on routes that declare it (the Anthropic route)', () => {
  it('authenticates x-api-key where declared and ignores it elsewhere', async () => {
    const keys = await KeyStore.open(recordsFromConfig([{ id: 'k', key: 'sk-anthropic-style-0001', enabled: true }], false, 'now', []), undefined, () => ({ problem: 'no state' }));
    const metrics = new GatewayMetrics();
    const routes = new RouteRegistrar(metrics, (spec) => createRouteGuard(spec, new Authenticator(keys, undefined, false), pino({ level: 'silent' })));
    routes.add({ method: 'GET', path: '/with', group: 'protected', acceptsXApiKey: true }, (ctx) => {
      ctx.body = { principal: ctx.observation.principal?.id };
    });
    routes.add({ method: 'GET', path: '/without', group: 'protected' }, (ctx) => {
      ctx.body = { principal: ctx.observation.principal?.id };
    });
    const koa = new Koa<Record<string, never>, GatewayContextExtension>();
    koa.use(createRequestObserver(metrics, { list: () => [], has: () => false }, pino({ level: 'silent' })));
    koa.use(createErrorBoundary(pino({ level: 'silent' })));
    koa.use(routes.router.routes());
    const handle = koa.callback();
    const server = createServer((req, res) => {
      void handle(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${base}/with`, { headers: { 'x-api-key': 'sk-anthropic-style-0001' } });
      expect(await ok.json()).to.deep.equal({ principal: 'k' });
      expect((await fetch(`${base}/with`, { headers: { 'x-api-key': 'sk-wrong' } })).status).to.equal(401);
      expect((await fetch(`${base}/without`, { headers: { 'x-api-key': 'sk-anthropic-style-0001' } })).status).to.equal(401);
      expect((await fetch(`${base}/without`, { headers: { authorization: 'Bearer sk-anthropic-style-0001' } })).status).to.equal(200);
    } finally {
      server.close();
    }
  });
});
