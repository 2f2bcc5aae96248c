import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, type TestGateway } from '../support/start-gateway.js';

const CHROMIUM = '/usr/bin/chromium';
const KEY = 'sk-cors-real-browser-0001';

/** A page's own origin: a loopback server that serves one empty page (the test runs its script). */
async function pageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>a browser app</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface CallResult {
  readonly status?: number;
  readonly requestId?: string | null;
  readonly body?: { readonly object?: string };
  readonly blocked?: string;
}

describe('CORS in a real browser (Debian chromium via playwright-core)', function () {
  // A safety net against a hang only: a browser starts slowly on a loaded machine.
  this.timeout(60_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let browser: Browser;
  let allowed: { server: Server; origin: string };
  let stranger: { server: Server; origin: string };

  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does).`);
    upstream = await new FakeUpstream().start();
    allowed = await pageServer();
    stranger = await pageServer();
    gateway = await gatewayFor([upstream.url], { auth: { api_keys: [{ id: 'web', key: KEY }] }, cors: { allowed_origins: [allowed.origin] } });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  });
  after(async () => {
    await browser?.close();
    await gateway?.close();
    await upstream?.stop();
    allowed?.server.close();
    stranger?.server.close();
  });

  const callFrom = async (origin: string): Promise<CallResult> => {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      // Runs in the page (Playwright sends the function's source): with the page's origin, not the test's.
      // It calls the gateway as a browser app would: fetch, a JSON body, the key in Authorization.
      return await page.evaluate(async ([url, key]): Promise<CallResult> => {
        try {
          const res = await fetch(`${url}/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'hi from a page' }] }),
          });
          const body: unknown = await res.json();
          const object = typeof body === 'object' && body !== null && 'object' in body && typeof body.object === 'string' ? body.object : undefined;
          return { status: res.status, requestId: res.headers.get('x-request-id'), ...(object === undefined ? {} : { body: { object } }) };
        } catch (err) {
          return { blocked: String(err) };
        }
      }, [gateway.url, KEY] as const);
    } finally {
      await page.close();
    }
  };

  // The Authorization header makes the browser send a preflight first, without the key: only a
  // preflight answered before auth (and allowing that header) lets the real call go at all.
  it('an allowed origin: the browser preflights (no key), the gateway answers before auth, the call succeeds and the page reads it', async () => {
    const before = upstream.chatBodies().length;
    const result = await callFrom(allowed.origin);
    expect(result.blocked, 'not blocked').to.equal(undefined);
    expect(result.status).to.equal(200);
    expect(result.body?.object).to.equal('chat.completion');
    expect(result.requestId, 'an exposed header is readable').to.be.a('string');
    expect(upstream.chatBodies().length).to.equal(before + 1);
  });

  it('an origin not in cors.allowed_origins: the browser blocks the call and the gateway never forwards it', async () => {
    const before = upstream.chatBodies().length;
    const result = await callFrom(stranger.origin);
    expect(result.blocked, 'fetch rejects: the preflight was refused').to.match(/TypeError/);
    expect(upstream.chatBodies().length, 'nothing reached the worker').to.equal(before);
  });
});
