import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { gatewayFor, type TestGateway } from '../../support/start-gateway.js';
import { authConfig, bearer, KEYS } from '../../support/auth-fixture.js';

const MATRIX = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'test/integration/auth/auth-matrix.json'), 'utf8')) as Record<string, string>;
const BODY = JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'x' }], input: 'x', prompt: 'x', name: 'n' });

/** A raw request: fetch would normalise the path variants this test exists to send. */
const CHAT_ONLY = 'sk-chat-only-data-0001';

function rawRequest(base: string, method: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(method === 'GET' || method === 'DELETE' ? undefined : BODY);
  });
}

function concrete(path: string): string {
  return path.replace(':id', 'ops').replace(':provider', 'hosted').replace('{*rest}', 'v1/models');
}

describe('route groups and the auth matrix', () => {
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  before(async () => {
    upstream = await new FakeUpstream().start();
    const config = authConfig();
    // A key scoped to chat alone (its endpoints do not list /v1/keys/self).
    const auth = config['auth'] as { api_keys: Record<string, unknown>[] };
    auth.api_keys.push({ id: 'chat-only', key: CHAT_ONLY, endpoints: ['/v1/chat/completions'] });
    gateway = await gatewayFor([upstream.url], config);
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('every route the router has is in the checked-in matrix, in the same group, and vice versa', () => {
    const actual: Record<string, string> = {};
    for (const entry of gateway.app.routeTable()) {
      for (const method of entry.methods.filter((m) => m !== 'HEAD')) actual[`${method} ${entry.path}`] = entry.group;
    }
    const expected = Object.fromEntries(Object.entries(MATRIX).filter(([k]) => !k.startsWith('_')));
    expect(actual).to.deep.equal(expected);
  });

  it('no protected or control-plane route answers 2xx (or reaches a worker) without credentials or with a bad one', async () => {
    for (const [route, group] of Object.entries(MATRIX)) {
      if (route.startsWith('_') || group === 'public') continue;
      const [method, path] = route.split(' ') as [string, string];
      for (const headers of [{}, bearer('sk-nope'), { authorization: KEYS.admin }, { 'x-api-key': KEYS.admin }]) {
        const status = await rawRequest(gateway.url, method, concrete(path), headers);
        expect(status, `${route} with ${JSON.stringify(Object.keys(headers))}`).to.equal(401);
      }
    }
    expect(upstream.requests).to.have.length(0);
  });

  it('public routes answer without credentials', async () => {
    for (const [route, group] of Object.entries(MATRIX)) {
      if (group !== 'public') continue;
      const [method, path] = route.split(' ') as [string, string];
      expect(await rawRequest(gateway.url, method, path), route).to.be.oneOf([200, 503]);
    }
  });

  it('a path-variant sweep of every control-plane path never reaches a handler unauthenticated', async function () {
    // ~1,400 sequential requests: on a shared, busy machine that outgrows mocha's default 10 s.
    this.timeout(120_000);
    const variants = (path: string): string[] => {
      const p = concrete(path);
      const [, first = '', ...rest] = p.split('/');
      const tail = rest.length ? `/${rest.join('/')}` : '';
      const encodedLetter = `/%${first.charCodeAt(0).toString(16)}${first.slice(1)}${tail}`;
      return [
        p.toUpperCase(),
        `/${first[0]!.toUpperCase()}${first.slice(1)}${tail}`,
        `${p}/`,
        `/${p}`,
        p.replace('/', '//'),
        `/.${p}`,
        `/./${p.slice(1)}`,
        p.replace(/\/([^/]*)$/, '/./$1'),
        p.replaceAll('/', '%2F'),
        p.replace(/\/([^/]*)$/, '%2F$1'),
        encodedLetter,
        `${p}?x=1`,
        `${p}#x`,
        `${p}%00`,
        `${p};x`,
      ];
    };
    for (const [route, group] of Object.entries(MATRIX)) {
      if (group !== 'control') continue;
      const [method, path] = route.split(' ') as [string, string];
      for (const variant of variants(path)) {
        const status = await rawRequest(gateway.url, method, variant);
        expect([400, 401, 404, 405], `${method} ${variant} answered ${status}`).to.include(status);
      }
    }
  });

  it('RBAC: role × group × method', async () => {
    const cases: [string, string, string, number][] = [
      // [key, method, path, expected status]
      [KEYS.admin, 'GET', '/keys', 200],
      [KEYS.admin, 'GET', '/keys/ops', 200],
      [KEYS.readOnly, 'GET', '/keys', 200],
      [KEYS.readOnly, 'GET', '/keys/ops', 200],
      [KEYS.readOnly, 'DELETE', '/keys/ops', 403],
      [KEYS.readOnly, 'POST', '/keys', 403],
      [KEYS.readOnly, 'PATCH', '/keys/ops', 403],
      [KEYS.user, 'GET', '/keys', 401], // a data-plane key is no credential on the control plane once it has its own auth
      [KEYS.admin, 'POST', '/v1/chat/completions', 401], // control-plane keys do not open the data plane
      [KEYS.user, 'POST', '/v1/chat/completions', 200],
      [KEYS.user, 'POST', '/v1/embeddings', 200],
      [KEYS.dataReadOnly, 'POST', '/v1/chat/completions', 403],
      [KEYS.limited, 'POST', '/v1/chat/completions', 200],
      [KEYS.limited, 'POST', '/v1/embeddings', 403],
      [KEYS.limited, 'GET', '/v1/keys/self', 200],
      [CHAT_ONLY, 'GET', '/v1/keys/self', 200], // its endpoints do not list it: a key may always read itself
      [CHAT_ONLY, 'PATCH', '/v1/keys/self', 403],
      [KEYS.admin, 'POST', '/v1/chat/completions', 401], // planes are separate: a control-plane admin key is not a data-plane key
    ];
    for (const [key, method, path, expected] of cases) {
      const status = await rawRequest(gateway.url, method, path, bearer(key));
      expect(status, `${Object.entries(KEYS).find(([, v]) => v === key)?.[0]} ${method} ${path}`).to.equal(expected);
    }
  });

  it('401 has one fixed body; 403 names what was not allowed and never the key', async () => {
    const missing = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
    const wrong = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer('sk-wrong') }, body: BODY });
    const bodies = [await missing.text(), await wrong.text()];
    expect(bodies[0]).to.equal(bodies[1]);
    const dataHint = 'Missing or invalid credentials. Send Authorization: Bearer <key> with a data-plane key (auth.api_keys or --api-key in the config, or one an admin created with POST /keys).';
    expect(JSON.parse(bodies[0]!)).to.deep.equal({ error: { message: dataHint, type: 'authentication_error', code: 'GW_ERR_AUTH_UNAUTHENTICATED', param: null } });
    expect(missing.headers.get('www-authenticate')).to.equal('Bearer');
    // The control plane's 401 says how to get an admin key, in one text whatever was presented.
    const control = await Promise.all([undefined, 'sk-wrong', KEYS.dataReadOnly].map(async (key) => (await fetch(`${gateway.url}/keys`, { headers: key === undefined ? {} : bearer(key) })).text()));
    expect(new Set(control).size, 'one body for missing, unknown and wrong-plane keys').to.equal(1);
    expect((JSON.parse(control[0]!) as { error: { message: string } }).error.message).to.contain('--control-plane-api-keys id:name:admin:<key>').and.to.contain('auth.control_plane_api_keys');

    const model = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(KEYS.limited) },
      body: JSON.stringify({ model: 'other-model', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(model.status).to.equal(403);
    const text = await model.text();
    expect(JSON.parse(text)).to.deep.include({ error: { message: 'These credentials may not use the model `other-model`.', type: 'permission_error', code: 'GW_ERR_AUTH_FORBIDDEN', param: null } });
    expect(text).to.not.contain(KEYS.limited);
  });

  it('hostile key values are refused (401, or 400 from the HTTP parser), never 500', async () => {
    const values = ["' OR '1'='1", '"quoted"', 'x'.repeat(10_000), 'ünïcødé', '${jndi:ldap://x}', '../../etc/passwd', 'a b c'];
    for (const value of values) {
      expect(await rawRequest(gateway.url, 'POST', '/v1/chat/completions', { authorization: `Bearer ${value}` }), value.slice(0, 20)).to.equal(401);
      expect(await rawRequest(gateway.url, 'GET', '/keys', { authorization: `Bearer ${value}` }), value.slice(0, 20)).to.equal(401);
    }
    // CRLF and NUL never survive Node's header parser; what matters is that nothing answers 2xx or 5xx.
    for (const raw of ['Bearer a\r\nX-Injected: 1', 'Bearer a\u0000b']) {
      const status = await new Promise<number>((resolve) => {
        const url = new URL(gateway.url);
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(`GET /keys HTTP/1.1\r\nHost: x\r\nAuthorization: ${raw}\r\nConnection: close\r\n\r\n`);
        });
        let data = '';
        socket.on('data', (c: Buffer) => (data += c.toString()));
        socket.on('close', () => resolve(Number(/HTTP\/1\.1 (\d+)/.exec(data)?.[1] ?? 0)));
      });
      expect([400, 401]).to.include(status);
    }
  });
});
