import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import { FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';
import { bearer } from '../support/auth-fixture.js';
import { readSseEvents } from '../support/read-sse.js';

interface Echo {
  echo: { method: string; path: string; content_type: string | null; bytes: number; json: Record<string, unknown> | null };
}

describe('passthrough endpoints', () => {
  let models: FakeUpstream;
  let hosted: FakeUpstream;
  let gateway: TestGateway;
  const KEY = 'sk-passthrough-0001';
  const headers = (extra: Record<string, string> = {}) => ({ ...bearer(KEY), ...extra });

  before(async () => {
    [models, hosted] = await Promise.all([new FakeUpstream().start(), new FakeUpstream().start()]);
    gateway = await startGateway({
      workers: [{ url: models.url, models: ['fake-model', 'rerank-model', 'whisper'] }],
      providers: { hosted: { url: hosted.url, api_key: 'sk-hosted-worker-0001' } },
      passthrough: { files_provider: 'hosted' },
      auth: { api_keys: [{ id: 'p', key: KEY, limits: { rpm: 1000 } }] },
      pipeline: ['rate-limit', 'upstream'],
    });
  });
  after(async () => {
    await gateway.close();
    await Promise.all([models.stop(), hosted.stop()]);
  });
  beforeEach(() => [models, hosted].forEach((f) => f.reset()));

  it('forwards JSON endpoints as sent, by model, with auth, limits and metrics', async () => {
    for (const path of ['/v1/rerank', '/rerank', '/v1/classify', '/v1/moderations', '/v1/images/generations', '/generate', '/v1/responses']) {
      const body = { model: 'rerank-model', query: 'q', documents: ['a', 'b'], extra: { nested: [1, 2] } };
      const res = await fetch(`${gateway.url}${path}`, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify(body) });
      expect(res.status, path).to.equal(200);
      expect(res.headers.get('x-ratelimit-limit'), path).to.equal('1000');
      expect(((await res.json()) as Echo).echo).to.deep.include({ method: 'POST', path, json: body });
    }
    const unauthenticated = await fetch(`${gateway.url}/v1/rerank`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"rerank-model"}' });
    expect(unauthenticated.status).to.equal(401);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).to.contain('switchyard_requests_total{route="/v1/rerank",status="200",model="rerank-model"} 1');
    expect(metrics).to.contain('switchyard_requests_total{route="/v1/rerank",status="401",model="none"} 1');
  });

  it('/generate without a model goes to any worker; an unknown model is a 404', async () => {
    const res = await fetch(`${gateway.url}/generate`, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: '{"text":"hi","sampling_params":{"max_new_tokens":4}}' });
    expect(((await res.json()) as Echo).echo.path).to.equal('/generate');
    const unknown = await fetch(`${gateway.url}/v1/rerank`, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: '{"model":"nope"}' });
    expect(unknown.status).to.equal(404);
  });

  it('streams the Responses API events untouched (no [DONE] needed) and counts their usage', async () => {
    const res = await fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: '{"model":"fake-model","stream":true,"input":"hi"}' });
    expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
    const events = await readSseEvents(res);
    expect(events.map((e) => (JSON.parse(e) as { type: string }).type)).to.deep.equal(['response.output_text.delta', 'response.output_text.delta', 'response.completed']);
  });

  it('forwards multipart transcriptions with their boundary, routed by the form model field', async () => {
    const boundary = '----switchyard-test';
    const multipart = [`--${boundary}`, 'Content-Disposition: form-data; name="model"', '', 'whisper', `--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="a.wav"', 'Content-Type: audio/wav', '', 'RIFF....WAVE', `--${boundary}--`, ''].join('\r\n');
    const res = await fetch(`${gateway.url}/v1/audio/transcriptions`, { method: 'POST', headers: headers({ 'content-type': `multipart/form-data; boundary=${boundary}` }), body: multipart });
    expect(res.status).to.equal(200);
    expect(((await res.json()) as Echo).echo).to.deep.include({ path: '/v1/audio/transcriptions', content_type: `multipart/form-data; boundary=${boundary}`, bytes: multipart.length });
    const notMultipart = await fetch(`${gateway.url}/v1/audio/transcriptions`, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: '{}' });
    expect(notMultipart.status).to.equal(415);
  });

  it('streams binary answers (speech) with their media type', async () => {
    const res = await fetch(`${gateway.url}/v1/audio/speech`, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: '{"model":"fake-model","input":"hi","voice":"alloy"}' });
    expect(res.headers.get('content-type')).to.equal('audio/mpeg');
    expect(Buffer.from(await res.arrayBuffer()).toString()).to.equal('ID3-fake-audio-bytes');
  });

  it('sends /v1/files and /v1/batches to the files provider with its own key, methods and query intact', async () => {
    const calls: [string, string][] = [['GET', '/v1/files?purpose=batch'], ['DELETE', '/v1/files/file-1'], ['GET', '/v1/files/file-1/content'], ['POST', '/v1/batches/b-1/cancel'], ['GET', '/v1/batches/b-1']];
    for (const [method, path] of calls) {
      const res = await fetch(`${gateway.url}${path}`, { method, headers: headers() });
      expect(res.status, `${method} ${path}`).to.equal(200);
      expect(((await res.json()) as Echo).echo).to.deep.include({ method, path });
    }
    const upload = await fetch(`${gateway.url}/v1/batches`, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: '{"input_file_id":"file-1","endpoint":"/v1/chat/completions"}' });
    expect(((await upload.json()) as Echo).echo.json).to.deep.equal({ input_file_id: 'file-1', endpoint: '/v1/chat/completions' });
    expect(hosted.requests.every((r) => r.headers['authorization'] === 'Bearer sk-hosted-worker-0001')).to.equal(true);
    expect(models.requests).to.have.length(0);
    const missing = await fetch(`${gateway.url}/v1/files/missing`, { method: 'GET', headers: headers() });
    expect(missing.status).to.equal(200); // the echo fake answers; a real 404 is relayed as below
  });

  it('/proxy/{provider}/* forwards any method to a configured provider only; the client never picks the host', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await fetch(`${gateway.url}/proxy/hosted/v1/custom/thing?x=1`, { method, headers: headers(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }), ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{"a":1}' }) });
      expect(((await res.json()) as Echo).echo).to.deep.include({ method, path: '/v1/custom/thing?x=1' });
    }
    expect((await fetch(`${gateway.url}/proxy/unknown/v1/x`, { headers: headers() })).status).to.equal(404);
    const missing = await fetch(`${gateway.url}/proxy/hosted/missing`, { headers: headers() });
    expect(missing.status).to.equal(404);
    // Host tricks: the path is appended to the provider's base, never parsed as a URL of its own.
    const sneaky = await new Promise<string>((resolve, reject) => {
      const url = new URL(gateway.url);
      const req = httpRequest({ host: url.hostname, port: url.port, path: '/proxy/hosted//evil.example/x', headers: { ...headers(), host: 'evil.example', 'x-forwarded-host': 'evil.example' } }, (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => resolve(data));
      });
      req.on('error', reject);
      req.end();
    });
    expect((JSON.parse(sneaky) as Echo).echo.path).to.equal('//evil.example/x');
    expect(hosted.requests.at(-1)?.headers['host']).to.equal(new URL(hosted.url).host);
    for (const body of ['{"model":"fake-model","api_base":"http://evil.example"}']) {
      const res = await fetch(`${gateway.url}/v1/rerank`, { method: 'POST', headers: headers({ 'content-type': 'application/json', 'x-api-base': 'http://evil.example' }), body });
      expect(res.status).to.equal(200);
    }
    expect(models.requests.at(-1)?.headers['host']).to.equal(new URL(models.url).host);
  });
});
