import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, postJson, type TestGateway } from '../support/start-gateway.js';

interface ErrorBody {
  error: { message: string; type: string; code: string; param: string | null };
}

describe('ingress errors in the OpenAI shape', () => {
  let upstream: FakeUpstream;
  let gateway: TestGateway;

  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await gatewayFor([upstream.url], { server: { body_limit_bytes: 4096 } });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.reset());
  afterEach(() => expect(upstream.requests, 'a refused request never reaches a worker').to.have.length(0));

  async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
    expect(res.status).to.equal(status);
    expect(res.headers.get('content-type')).to.match(/^application\/json/);
    const body = (await res.json()) as ErrorBody;
    expect(Object.keys(body.error).sort()).to.deep.equal(['code', 'message', 'param', 'type']);
    expect(body.error.code).to.equal(code);
    return body;
  }

  it('404 for an unknown route, including case and trailing-slash variants', async () => {
    for (const path of ['/v2/chat', '/V1/chat/completions', '/v1/chat/completions/', '/v1//chat/completions']) {
      await expectError(await postJson(`${gateway.url}${path}`, {}), 404, 'GW_ERR_REQUEST_ROUTE_NOT_FOUND');
    }
  });

  it('405 with Allow for a known route and the wrong method', async () => {
    const res = await fetch(`${gateway.url}/v1/chat/completions`);
    expect(res.headers.get('allow')).to.equal('POST');
    await expectError(res, 405, 'GW_ERR_REQUEST_METHOD_NOT_ALLOWED');
  });

  it('415 for a body that is not JSON', async () => {
    const res = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    await expectError(res, 415, 'GW_ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE');
  });

  it('400 naming the problem for malformed JSON and for an empty body', async () => {
    const res = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model": ' });
    const body = await expectError(res, 400, 'GW_ERR_REQUEST_INVALID_JSON');
    expect(body.error.message).to.match(/^Request body is not valid JSON: /);
    const empty = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    await expectError(empty, 400, 'GW_ERR_REQUEST_INVALID_JSON');
  });

  it('400 with param for a body that fails the request schema', async () => {
    const missing = await expectError(await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model' }), 400, 'GW_ERR_REQUEST_INVALID_BODY');
    expect(missing.error.param).to.equal('messages');
    const wrongType = await expectError(
      await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 7 }] }),
      400,
      'GW_ERR_REQUEST_INVALID_BODY',
    );
    expect(wrongType.error.param).to.equal('messages.0.role');
    await expectError(await postJson(`${gateway.url}/v1/embeddings`, [1, 2]), 400, 'GW_ERR_REQUEST_INVALID_BODY');
  });

  it('413 on a declared Content-Length over the limit, before the body is sent', async () => {
    // Declare 1 MB but send nothing: the gateway must answer without waiting for the body.
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${gateway.url}/v1/chat/completions`);
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 1_000_000 } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).to.equal(413);
  });

  it('413 on a chunked body that grows past the limit', async () => {
    const big = { model: 'fake-model', messages: [{ role: 'user', content: 'x'.repeat(10_000) }] };
    const res = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([JSON.stringify(big)]).stream(),
      duplex: 'half',
    });
    await expectError(res, 413, 'GW_ERR_REQUEST_BODY_TOO_LARGE');
  });
});
