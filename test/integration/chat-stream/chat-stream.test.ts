import { expect } from 'chai';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { readConfigFile } from '../../../core/config/load-config.js';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { recordOf } from '../../../core/util/narrow-json.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';

const KEY = 'sk-chat-stream-test-0001';
/** May use only `another-model`: its requests for `fake-model` are refused with 403. */
const NARROW_KEY = 'sk-chat-stream-narrow-0001';
const CHAT = { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] };

/** A client socket that keeps every message (parsed) and how it closed. */
interface Client {
  readonly ws: WebSocket;
  readonly messages: Record<string, unknown>[];
  readonly closed: Promise<{ code: number; reason: string }>;
}

async function connect(url: string, options: { headers?: Record<string, string>; protocols?: string[] } = {}): Promise<Client> {
  const ws = new WebSocket(url, options.protocols ?? [], options.headers === undefined ? {} : { headers: options.headers });
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '') as Record<string, unknown>));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, closed };
}

const isTerminal = (m: Record<string, unknown>): boolean => m['type'] === 'done' || m['error'] !== undefined;

/** Waits for the next request's terminal message after `from` messages, and returns that request's messages. */
async function answer(client: Client, from = 0): Promise<Record<string, unknown>[]> {
  await waitFor('a final or error message', () => client.messages.slice(from).some(isTerminal));
  const rest = client.messages.slice(from);
  return rest.slice(0, rest.findIndex(isTerminal) + 1);
}

const contentOf = (chunks: Record<string, unknown>[]): string =>
  chunks
    .map((c) => {
      const choices = c['choices'] as { delta?: { content?: string } }[];
      return choices[0]?.delta?.content ?? '';
    })
    .join('');

describe('WebSocket chat stream (/v1/chat/stream)', function () {
  this.timeout(20_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let url: string;

  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await startGateway({ workers: [{ url: upstream.url, models: ['fake-model'] }], auth: { api_keys: [{ id: 'app', key: KEY }, { id: 'narrow', key: NARROW_KEY, models: ['another-model'] }] } });
    url = `${gateway.url.replace('http:', 'ws:')}/v1/chat/stream`;
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.reset());

  it('sends each chunk as a message, then a final message; a second request runs on the same socket', async () => {
    const client = await connect(url, { headers: { authorization: `Bearer ${KEY}` } });
    try {
      client.ws.send(JSON.stringify({ ...CHAT, stream: true }));
      const first = await answer(client);
      expect(first.at(-1)).to.deep.equal({ type: 'done' });
      const chunks = first.slice(0, -1);
      expect(chunks.length).to.be.greaterThan(1);
      for (const chunk of chunks) expect(chunk['object']).to.equal('chat.completion.chunk');
      expect(contentOf(chunks)).to.equal('Hello from the fake upstream.');

      client.ws.send(JSON.stringify({ ...CHAT, stream: true }));
      const second = await answer(client, first.length);
      expect(second.at(-1)).to.deep.equal({ type: 'done' });
      expect(upstream.chatBodies()).to.have.length(2);
    } finally {
      client.ws.close();
    }
  });

  it('takes the key from a bearer subprotocol (browsers) and never echoes it', async () => {
    const client = await connect(url, { protocols: ['switchyard.chat.v1', `bearer.${KEY}`] });
    try {
      expect(client.ws.protocol).to.equal('switchyard.chat.v1');
      client.ws.send(JSON.stringify(CHAT));
      const messages = await answer(client);
      expect(messages.map((m) => m['object'] ?? m['type'])).to.deep.equal(['chat.completion', 'done']);
    } finally {
      client.ws.close();
    }
  });

  it('sends an upstream failure as an error message in the OpenAI shape; the socket stays usable', async () => {
    const client = await connect(url, { headers: { authorization: `Bearer ${KEY}` } });
    try {
      upstream.failNext(400, 1, { error: { message: 'fake bad request', type: 'invalid_request_error', code: null } });
      client.ws.send(JSON.stringify({ ...CHAT, stream: true }));
      const failed = await answer(client);
      expect(failed).to.have.length(1);
      const error = failed[0]!['error'] as Record<string, unknown>;
      expect(error['type']).to.be.a('string');
      expect(error['message']).to.be.a('string');

      client.ws.send(JSON.stringify({ ...CHAT, stream: true }));
      expect((await answer(client, failed.length)).at(-1)).to.deep.equal({ type: 'done' });
    } finally {
      client.ws.close();
    }
  });

  it('answers a request the data plane refuses (invalid JSON) with an error message', async () => {
    const client = await connect(url, { headers: { authorization: `Bearer ${KEY}` } });
    try {
      client.ws.send('{not json');
      const [message] = await answer(client);
      expect((message!['error'] as Record<string, unknown>)['type']).to.equal('invalid_request_error');
      expect(upstream.chatBodies()).to.have.length(0);
    } finally {
      client.ws.close();
    }
  });

  for (const [what, headers] of [
    ['a missing key', {}],
    ['a bad key', { authorization: 'Bearer sk-not-a-key-0000' }],
  ] as const) {
    it(`refuses ${what}: an authentication error message, then close code 4401`, async () => {
      const client = await connect(url, { headers });
      client.ws.send(JSON.stringify({ ...CHAT, stream: true }));
      const closed = await client.closed;
      expect(closed.code).to.equal(4401);
      expect(closed.reason).to.match(/credentials/);
      expect((client.messages[0]?.['error'] as Record<string, unknown>)['type']).to.equal('authentication_error');
      expect(upstream.chatBodies()).to.have.length(0);
    });
  }

  it('refuses a model the key may not use with a 403 error message and keeps the socket open', async () => {
    const client = await connect(url, { headers: { authorization: `Bearer ${NARROW_KEY}` } });
    try {
      client.ws.send(JSON.stringify({ ...CHAT, stream: true }));
      const [refused] = await answer(client);
      expect((refused!['error'] as Record<string, unknown>)['type']).to.equal('permission_error');
      // The socket still serves: a second request gets its own answer (the same refusal).
      client.ws.send(JSON.stringify({ ...CHAT, stream: true }));
      const [again] = await answer(client, 1);
      expect((again!['error'] as Record<string, unknown>)['type']).to.equal('permission_error');
      expect(upstream.chatBodies()).to.have.length(0);
    } finally {
      client.ws.close();
    }
  });

  it('aborts the upstream request when the client closes mid-stream', async () => {
    const release = upstream.holdStreamsAfter(2);
    try {
      const client = await connect(url, { headers: { authorization: `Bearer ${KEY}` } });
      client.ws.send(JSON.stringify({ ...CHAT, stream: true }));
      await waitFor('two chunks', () => client.messages.length >= 2);
      client.ws.close();
      await waitFor('the upstream request to be aborted', () => upstream.abortedRequests === 1);
    } finally {
      release();
    }
  });

  it('answers a second request sent while one runs with an error message; the running one finishes', async () => {
    const release = upstream.holdStreamsAfter(1);
    const client = await connect(url, { headers: { authorization: `Bearer ${KEY}` } });
    try {
      client.ws.send(JSON.stringify({ ...CHAT, stream: true }));
      await waitFor('the first chunk', () => client.messages.length >= 1);
      client.ws.send(JSON.stringify({ ...CHAT, stream: true }));
      await waitFor('the refusal', () => client.messages.some((m) => m['error'] !== undefined));
      release();
      await waitFor('the final message', () => client.messages.some((m) => m['type'] === 'done'));
      const refusal = client.messages.find((m) => m['error'] !== undefined)!['error'] as Record<string, unknown>;
      expect(refusal['message']).to.match(/One request at a time/);
      expect(contentOf(client.messages.filter((m) => m['object'] === 'chat.completion.chunk'))).to.equal('Hello from the fake upstream.');
      expect(upstream.chatBodies()).to.have.length(1);
    } finally {
      release();
      client.ws.close();
    }
  });

  it('answers an upgrade on a path nobody serves with 404', async () => {
    const wrong = url.replace('/v1/chat/stream', '/v1/nothing');
    const error = await new Promise<Error>((resolve) => new WebSocket(wrong).once('error', resolve));
    expect(error.message).to.match(/404/);
  });
});

describe('examples/chat-stream.yaml over the socket: the route\'s stages apply (rate limit)', function () {
  this.timeout(20_000);
  it('serves two streams from the demo worker, then relays the rate-limit 429 as an error message', async () => {
    const text = JSON.stringify(readConfigFile(join(PACKAGE_ROOT, 'examples', 'chat-stream.yaml'))).replaceAll('${GATEWAY_KEY}', KEY);
    const gateway = await startGateway({ ...recordOf(JSON.parse(text)), server: { host: '127.0.0.1', port: 0 } });
    try {
      const client = await connect(`${gateway.url.replace('http:', 'ws:')}/v1/chat/stream`, { headers: { authorization: `Bearer ${KEY}` } });
      const request = JSON.stringify({ model: 'switchyard-demo', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      let seen = 0;
      for (let i = 0; i < 2; i += 1) {
        client.ws.send(request);
        const messages = await answer(client, seen);
        seen += messages.length;
        expect(messages.at(-1)).to.deep.equal({ type: 'done' });
        expect(contentOf(messages.slice(0, -1))).to.not.equal('');
      }
      client.ws.send(request);
      const [refused] = await answer(client, seen);
      expect((refused!['error'] as Record<string, unknown>)['type']).to.equal('rate_limit_error');
      expect(client.ws.readyState).to.equal(WebSocket.OPEN);
      client.ws.close();
    } finally {
      await gateway.close();
    }
  });
});

describe('chat-stream while the gateway drains', function () {
  this.timeout(20_000);
  it('closes an idle socket with 1001 and the drain finishes without being forced', async () => {
    const upstream = await new FakeUpstream().start();
    const gateway = await startGateway({ workers: [{ url: upstream.url, models: ['fake-model'] }] });
    try {
      const client = await connect(`${gateway.url.replace('http:', 'ws:')}/v1/chat/stream`);
      client.ws.send(JSON.stringify({ ...CHAT, stream: true }));
      await answer(client);
      const drained = gateway.server.drain(5000);
      expect((await client.closed).code).to.equal(1001);
      expect((await drained).forced).to.equal(false);
    } finally {
      await gateway.close();
      await upstream.stop();
    }
  });

  it('lets a running stream finish when draining begins, then closes with 1001', async () => {
    const upstream = await new FakeUpstream().start();
    const release = upstream.holdStreamsAfter(1);
    const gateway = await startGateway({ workers: [{ url: upstream.url, models: ['fake-model'] }] });
    try {
      const client = await connect(`${gateway.url.replace('http:', 'ws:')}/v1/chat/stream`);
      client.ws.send(JSON.stringify({ ...CHAT, stream: true }));
      await waitFor('the first chunk', () => client.messages.length >= 1);
      const drained = gateway.server.drain(10_000);
      release();
      expect((await client.closed).code).to.equal(1001);
      expect(client.messages.at(-1)).to.deep.equal({ type: 'done' });
      expect((await drained).forced).to.equal(false);
    } finally {
      release();
      await gateway.close();
      await upstream.stop();
    }
  });

  it('refuses a new socket with 503 once draining began', async () => {
    const gateway = await startGateway({ workers: [] });
    try {
      gateway.app.startDraining();
      const error = await new Promise<Error>((resolve) => new WebSocket(`${gateway.url.replace('http:', 'ws:')}/v1/chat/stream`).once('error', resolve));
      expect(error.message).to.match(/503/);
    } finally {
      await gateway.close();
    }
  });
});
