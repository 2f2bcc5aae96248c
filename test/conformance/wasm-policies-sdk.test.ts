import { expect } from 'chai';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import { FakeUpstream } from '../support/fake-upstream.js';
import { gatewayFor, type TestGateway } from '../support/start-gateway.js';
import { registerModule } from '../support/wasm-admin.js';

const ROOT = join(PACKAGE_ROOT, 'wasm-modules');
const ADMIN = 'sk-conformance-wasm-admin-0001';
const KEY = 'sk-conformance-wasm-user-0001';
const LEAK = 'sk-live-Abcdefghijklmnopqrstuvwxyz0123';

/** The official clients, unmodified, against routes whose answers WASM policies rewrite or refuse. */
describe('conformance: openai and @anthropic-ai/sdk through WASM policies', function () {
  this.timeout(20_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let openai: OpenAI;
  let anthropic: Anthropic;
  const words = ['Your', ' key', ` ${LEAK}`, ' was', ' found'];

  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await gatewayFor([upstream.url], {
      auth: { api_keys: [{ id: 'sdk', key: KEY }], control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
      wasm: { enabled: true, module_roots: [ROOT] },
    });
    // Attached to every protected route: the component redacts, the Rust deny-list refuses.
    const attach = (name: string, file: string, points: string[]) => registerModule(gateway.url, ADMIN, { name, file_path: join(ROOT, file), attach_points: points.map((p) => ({ Middleware: p })) });
    await attach('deny-list', 'examples/deny-list/deny-list.wasm', ['OnRequest']);
    await attach('secret-redactor', 'examples/secret-redactor/secret-redactor.wasm', ['OnRequest', 'OnResponse', 'OnStreamChunk']);
    openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: KEY, maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => {
    upstream.reset();
    upstream.replyWords = words;
  });

  it('openai: a redacted answer and a redacted stream read like any other', async () => {
    const completion = await openai.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'check my config' }] });
    expect(completion.choices[0]?.message.content).to.equal('Your key [redacted] was found');
    const stream = await openai.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'again' }], stream: true });
    const parts: string[] = [];
    for await (const chunk of stream) parts.push(chunk.choices[0]?.delta.content ?? '');
    expect(parts.join('')).to.equal('Your key [redacted] was found');
  });

  it('openai: a policy rejection is a BadRequestError with the policy\'s reason; nothing reaches the worker', async () => {
    const err = await openai.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'please DROP TABLE users' }] }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).message).to.contain('The request contains a denied term.');
    expect(upstream.requests).to.have.length(0);
  });

  it('anthropic: /v1/messages answers and streams come out redacted', async () => {
    const message = await anthropic.messages.create({ model: 'fake-model', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content).to.deep.equal([{ type: 'text', text: 'Your key [redacted] was found' }]);
    const stream = anthropic.messages.stream({ model: 'fake-model', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    await stream.finalMessage();
    expect(text).to.equal('Your key [redacted] was found');
  });

  it('a stream a policy stops makes both SDKs throw, never end cleanly', async () => {
    const uuid = await registerModule(gateway.url, ADMIN, { name: 'stream-guard', file_path: join(ROOT, 'fixtures/stream-guard.wasm'), attach_points: [{ Middleware: 'OnStreamChunk' }] });
    try {
      upstream.replyWords = ['All', ' fine', ' STOP', ' never', ' sent'];
      const stream = await openai.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'go' }], stream: true });
      const parts: string[] = [];
      const thrown = await (async () => {
        for await (const chunk of stream) parts.push(chunk.choices[0]?.delta.content ?? '');
      })().then(() => undefined, (e: unknown) => e);
      expect(thrown, 'the openai iterator throws').to.be.instanceOf(Error);
      expect(String((thrown as Error).message)).to.contain('The stream was stopped by policy.');
      expect(parts.join('')).to.equal('All fine');

      const messages = anthropic.messages.stream({ model: 'fake-model', max_tokens: 64, messages: [{ role: 'user', content: 'go' }] });
      const failed = await messages.finalMessage().then(() => undefined, (e: unknown) => e);
      expect(failed, 'the anthropic stream fails').to.be.instanceOf(Error);
    } finally {
      await fetch(`${gateway.url}/wasm/${uuid}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    }
  });
});
