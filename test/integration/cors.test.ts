import { expect } from 'chai';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, type TestGateway } from '../support/start-gateway.js';
import { bearer } from '../support/auth-fixture.js';

const APP = 'https://app.example.com';
const KEY = 'sk-cors-browser-0001';

/** What a browser sends before a cross-origin POST with an Authorization header: no credentials. */
function preflight(gateway: TestGateway, path: string, origin: string): Promise<Response> {
  return fetch(`${gateway.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
}

describe('CORS for browser apps on the data plane', function () {
  this.timeout(30_000);
  let upstream: FakeUpstream;
  before(async () => {
    upstream = await new FakeUpstream().start();
  });
  after(() => upstream.stop());

  it('answers an allowed origin\'s preflight before auth, and lets the page read answers and errors', async () => {
    const gateway = await gatewayFor([upstream.url], { auth: { api_keys: [{ id: 'web', key: KEY }] }, cors: { allowed_origins: [APP] } });
    try {
      const pre = await preflight(gateway, '/v1/chat/completions', APP);
      expect(pre.status, 'no credentials, yet answered').to.equal(204);
      expect(pre.headers.get('access-control-allow-origin')).to.equal(APP);
      expect(pre.headers.get('access-control-allow-methods')).to.contain('POST');
      expect(pre.headers.get('access-control-allow-headers')).to.contain('authorization').and.to.contain('content-type');
      expect(pre.headers.get('access-control-max-age')).to.equal('600');
      expect(pre.headers.get('vary')).to.contain('Origin');

      const chat = (key: string) =>
        fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { origin: APP, 'content-type': 'application/json', ...bearer(key) },
          body: JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }),
        });
      const ok = await chat(KEY);
      expect(ok.status).to.equal(200);
      expect(ok.headers.get('access-control-allow-origin')).to.equal(APP);
      expect(ok.headers.get('access-control-expose-headers')).to.contain('x-request-id');
      await ok.text();
      const denied = await chat('sk-wrong');
      expect(denied.status).to.equal(401);
      expect(denied.headers.get('access-control-allow-origin'), 'the page can read the error').to.equal(APP);
      await denied.text();

      const stranger = await preflight(gateway, '/v1/chat/completions', 'https://evil.example');
      expect(stranger.status).to.equal(403);
      expect(stranger.headers.get('access-control-allow-origin')).to.equal(null);
      expect(((await stranger.json()) as { error: { message: string } }).error.message).to.contain('cors.allowed_origins');

      const control = await preflight(gateway, '/keys', APP);
      expect(control.headers.get('access-control-allow-origin'), 'never the control plane').to.equal(null);
      await control.text();
    } finally {
      await gateway.close();
    }
  });

  it('is off by default: no CORS headers at all', async () => {
    const gateway = await gatewayFor([upstream.url]);
    try {
      const pre = await preflight(gateway, '/v1/chat/completions', APP);
      expect(pre.headers.get('access-control-allow-origin')).to.equal(null);
      await pre.text();
      const models = await fetch(`${gateway.url}/v1/models`, { headers: { origin: APP } });
      expect(models.headers.get('access-control-allow-origin')).to.equal(null);
      await models.text();
    } finally {
      await gateway.close();
    }
  });
});
