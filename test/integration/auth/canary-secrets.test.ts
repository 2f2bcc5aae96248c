import { expect } from 'chai';
import { SignJWT } from 'jose';
import { requestsSettled } from '../../support/wait-for.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { gatewayFor, postJson } from '../../support/start-gateway.js';
import { bearer } from '../../support/auth-fixture.js';

const CANARIES = {
  dataKey: 'sk-canary-data-7f3a9c2e',
  adminKey: 'sk-canary-admin-51be0d4a',
  workerKey: 'sk-canary-worker-c0ffee11',
  jwtSecret: 'canary-jwt-secret-9d8e7f6a5b4c3d2e1f00',
};

describe('no secret in any log line, metric, response body or header', () => {
  it('runs the usual requests (good, bad, admin, upstream failures) and finds no canary anywhere', async () => {
    const upstream = await new FakeUpstream().start();
    const gateway = await gatewayFor([], {
      workers: [{ url: upstream.url, models: ['fake-model'], api_key: CANARIES.workerKey }],
      auth: {
        api_keys: [{ id: 'data', key: CANARIES.dataKey, limits: { rpm: 100 } }],
        control_plane_api_keys: [{ id: 'admin', key: CANARIES.adminKey }],
        jwt: { issuer: 'iss', audience: 'aud', hs256_secret: CANARIES.jwtSecret },
      },
      pipeline: ['rate-limit', 'upstream'],
    });
    const seen: string[] = [];
    const record = async (res: Response): Promise<void> => {
      seen.push(JSON.stringify([...res.headers.entries()]), await res.text());
    };
    try {
      const chat = { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] };
      await record(await postJson(`${gateway.url}/v1/chat/completions`, chat, bearer(CANARIES.dataKey)));
      await record(await postJson(`${gateway.url}/v1/chat/completions`, { ...chat, stream: true }, bearer(CANARIES.dataKey)));
      for (const near of [`${CANARIES.dataKey}x`, CANARIES.dataKey.slice(0, -1), CANARIES.adminKey, CANARIES.workerKey, CANARIES.jwtSecret]) {
        await record(await postJson(`${gateway.url}/v1/chat/completions`, chat, bearer(near)));
        await record(await fetch(`${gateway.url}/keys`, { headers: bearer(near) }));
      }
      await record(await fetch(`${gateway.url}/keys`, { headers: bearer(CANARIES.adminKey) }));
      await record(await fetch(`${gateway.url}/keys/admin`, { headers: bearer(CANARIES.adminKey) }));
      await record(await fetch(`${gateway.url}/keys`, { method: 'POST', headers: { ...bearer(CANARIES.adminKey), 'content-type': 'application/json' }, body: JSON.stringify({ id: 'new', name: CANARIES.workerKey.replace('sk-', '') }) }));
      const jwt = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('iss').setAudience('aud').setExpirationTime('5m').sign(new TextEncoder().encode(CANARIES.jwtSecret));
      await record(await fetch(`${gateway.url}/keys/data`, { headers: bearer(jwt) }));
      upstream.failNext(401, 1, { error: { message: `Incorrect API key provided: ${CANARIES.workerKey}` } });
      await record(await postJson(`${gateway.url}/v1/chat/completions`, chat, bearer(CANARIES.dataKey)));
      upstream.failNext(500, 3, { error: { message: `worker blew up holding ${CANARIES.workerKey}` } });
      await record(await postJson(`${gateway.url}/v1/chat/completions`, chat, bearer(CANARIES.dataKey)));
      upstream.failNext(400, 1, `plain text mentioning ${CANARIES.workerKey}`);
      await record(await postJson(`${gateway.url}/v1/chat/completions`, chat, bearer(CANARIES.dataKey)));
      await record(await fetch(`${gateway.url}/metrics`));
      await requestsSettled(gateway.app);

      const everything = [...seen, ...gateway.logLines].join('\n');
      expect(gateway.logLines.length).to.be.greaterThan(10);
      for (const [name, secret] of Object.entries(CANARIES)) {
        expect(everything.includes(secret), `${name} leaked`).to.equal(false);
      }
      expect(upstream.requests.some((r) => r.headers['authorization'] === `Bearer ${CANARIES.workerKey}`), 'the worker did get its key').to.equal(true);
      expect(upstream.requests.every((r) => !JSON.stringify(r.headers).includes(CANARIES.dataKey)), 'the client key is not forwarded').to.equal(true);
    } finally {
      await gateway.close();
      await upstream.stop();
    }
  });
});
