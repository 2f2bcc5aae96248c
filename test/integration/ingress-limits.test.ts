import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, postJson, type TestGateway } from '../support/start-gateway.js';
import { rawHttp } from '../support/raw-http.js';
import { waitFor } from '../support/wait-for.js';

/** What a socket received until the server closed it. */
async function readUntilClosed(socket: Socket): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  await once(socket, 'close');
  return Buffer.concat(chunks).toString('utf8');
}

function open(url: string): Socket {
  const { hostname, port } = new URL(url);
  return connect(Number(port), hostname);
}

/** Amplification and slow clients: inputs that cost far more than they look. */
describe('ingress limits: bodies, slow clients, oversized heads, load shedding', function () {
  this.timeout(60_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway | undefined;
  before(async () => {
    upstream = await new FakeUpstream().start();
  });
  after(() => upstream.stop());
  afterEach(async () => {
    upstream.reset();
    await gateway?.close();
    gateway = undefined;
  });

  it('a 32 MiB body of empty objects is refused before it is parsed', async () => {
    gateway = await gatewayFor([upstream.url]);
    const body = Buffer.alloc(32 * 1024 * 1024 - 64, '{},');
    const payload = Buffer.concat([Buffer.from('{"model":"fake-model","messages":['), body.subarray(0, body.length - (body.length % 3) - 1), Buffer.from(']}')]);
    const heapBefore = process.memoryUsage().heapUsed;
    const res = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
    expect(res.status).to.equal(400);
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).to.equal('GW_ERR_REQUEST_JSON_TOO_COMPLEX');
    expect(error.message).to.contain('100000 objects and arrays');
    // The gateway runs in this process: parsing ten million objects would have cost gigabytes.
    expect(process.memoryUsage().heapUsed - heapBefore).to.be.below(512 * 1024 * 1024);
    expect(upstream.requests).to.have.length(0);
  });

  it('body limits are per route: a route may allow a deeper or larger body', async () => {
    gateway = await gatewayFor([upstream.url], { routes: { '/v1/embeddings': { body: { json_max_depth: 200 } } } });
    const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const embeddings = await fetch(`${gateway.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"model":"fake-model","input":${nested(100)}}` });
    // Within the route's own limit the body gets as far as schema validation.
    expect(((await embeddings.json()) as { error?: { code: string } }).error?.code, 'deep but within the route override').to.not.equal('GW_ERR_REQUEST_JSON_TOO_COMPLEX');
    const chat = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"model":"fake-model","messages":${nested(100)}}` });
    expect(chat.status).to.equal(400);
  });

  it('a 100k-deep admin body is a 400, never a 500 with a stack in the log', async () => {
    gateway = await gatewayFor([upstream.url], { auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: 'sk-ops-admin-0001' }] } });
    const res = await fetch(`${gateway.url}/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-ops-admin-0001' },
      body: `{"metadata":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
    });
    expect(res.status).to.equal(400);
    expect(gateway.logLines.filter((l) => l.includes('"level":50'))).to.deep.equal([]);
  });

  it('slowloris: headers dribbling in are cut at headers_timeout_ms with a 408', async () => {
    gateway = await gatewayFor([upstream.url], { server: { headers_timeout_ms: 1000 } });
    const socket = open(gateway.url);
    await once(socket, 'connect');
    socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n');
    const dribble = setInterval(() => socket.writable && socket.write('X-a: b\r\n'), 200);
    try {
      const answer = await readUntilClosed(socket);
      expect(answer).to.match(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(dribble);
    }
  });

  it('a body dribbling in is cut at request_timeout_ms; the upload at a real speed is not', async () => {
    gateway = await gatewayFor([upstream.url], { server: { request_timeout_ms: 1500 } });
    const socket = open(gateway.url);
    await once(socket, 'connect');
    socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"model":');
    const dribble = setInterval(() => socket.writable && socket.write(' '), 100);
    try {
      const answer = await readUntilClosed(socket);
      expect(answer).to.match(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(dribble);
    }
    // A large body sent at once is fine under the same setting.
    const big = { model: 'fake-model', messages: [{ role: 'user', content: 'x'.repeat(4 * 1024 * 1024) }] };
    expect((await postJson(`${gateway.url}/v1/chat/completions`, big)).status).to.equal(200);
  });

  it('a 100 KB URL gets 414 and 100 KB of headers 431, in the OpenAI error shape', async () => {
    gateway = await gatewayFor([upstream.url]);
    const longUrl = await rawHttp(gateway.url, 'GET', `/v1/models?q=${'a'.repeat(100_000)}`);
    expect(longUrl.status).to.equal(414);
    expect((JSON.parse(longUrl.body) as { error: { code: string } }).error.code).to.equal('GW_ERR_REQUEST_URI_TOO_LONG');
    const bigHeaders = await rawHttp(gateway.url, 'GET', '/v1/models', { 'x-big': 'b'.repeat(100_000) });
    expect(bigHeaders.status).to.equal(431);
  });

  it('connections past server.max_connections are refused; the gateway keeps serving', async () => {
    gateway = await gatewayFor([upstream.url], { server: { max_connections: 3 } });
    const held = Array.from({ length: 3 }, () => open(gateway!.url));
    await Promise.all(held.map((s) => once(s, 'connect')));
    const extra = open(gateway.url);
    const closed = await Promise.race([once(extra, 'close').then(() => 'closed'), once(extra, 'data').then(() => 'answered')]);
    expect(closed).to.equal('closed');
    for (const s of held) s.destroy();
    await waitFor('a connection slot to free', async () => (await fetch(`${gateway!.url}/health`).then((r) => r.status, () => 0)) === 200);
  });

  it('past server.max_in_flight, new requests get 503 with Retry-After before their body is read', async () => {
    upstream.delayFirstByte(1500);
    gateway = await gatewayFor([upstream.url], { server: { max_in_flight: 2 } });
    const body = { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] };
    const slow = [postJson(`${gateway.url}/v1/chat/completions`, body), postJson(`${gateway.url}/v1/chat/completions`, body)];
    await waitFor('both to reach the worker', () => upstream.requests.length === 2);
    const shed = await postJson(`${gateway.url}/v1/chat/completions`, body);
    expect(shed.status).to.equal(503);
    expect(shed.headers.get('retry-after')).to.equal('1');
    expect(((await shed.json()) as { error: { code: string } }).error.code).to.equal('GW_ERR_GATEWAY_OVERLOADED');
    expect((await Promise.all(slow)).map((r) => r.status)).to.deep.equal([200, 200]);
  });

  it('an aborted upload is a 499 logged below error level', async () => {
    gateway = await gatewayFor([upstream.url]);
    const socket = open(gateway.url);
    await once(socket, 'connect');
    socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"model":');
    await waitFor('the gateway to count the request in flight', async () => (await (await fetch(`${gateway!.url}/metrics`)).text()).includes('switchyard_requests_in_flight{route="/v1/chat/completions"} 1'));
    socket.destroy();
    await waitFor('the abort to be counted', async () => (await (await fetch(`${gateway!.url}/metrics`)).text()).includes('status="499"'));
    expect(gateway.logLines.filter((l) => l.includes('"level":50'))).to.deep.equal([]);
  });
});
