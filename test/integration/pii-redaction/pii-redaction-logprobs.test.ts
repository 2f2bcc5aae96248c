import { expect } from 'chai';
import OpenAI from 'openai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../../support/start-gateway.js';

const PIECES = ['Hello. ', 'Write to jane', '.doe@exa', 'mple.com now', '.'];
const VALUES = ['jane.doe@example.com', 'jane', '.doe@exa', 'mple.com'];

function expectNoValue(text: string, what: string): void {
  for (const value of VALUES) expect(text, `${what} must not carry ${value}`).not.to.contain(value);
}

/**
 * The model's token logprobs spell out its text: where the stage changed a choice's text, the
 * kernel sends that chunk's (or answer's) logprobs as null; elsewhere they pass as they came.
 */
describe('pii-redaction and token logprobs (openai SDK)', function () {
  this.timeout(20_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let client: OpenAI;
  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      routes: Object.fromEntries(['/v1/chat/completions', '/v1/completions'].map((path) => [path, { pipeline: ['pii-redaction', 'upstream'] }])),
    });
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  beforeEach(() => {
    upstream.reset();
    upstream.replyWords = [...PIECES];
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('a streamed chat answer: edited chunks carry null logprobs, untouched ones keep theirs', async () => {
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of await client.chat.completions.create({ model: 'fake-model', stream: true, logprobs: true, top_logprobs: 1, messages: [{ role: 'user', content: 'hi' }] })) chunks.push(chunk);
    expectNoValue(JSON.stringify(chunks), 'the chunks');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).to.equal('Hello. Write to <EMAIL> now.');
    for (const chunk of chunks) {
      const choice = chunk.choices[0];
      const tokens = choice?.logprobs?.content?.map((t) => t.token).join('');
      if (tokens !== undefined) expect(tokens, 'logprobs only where the text passed as the model wrote it').to.equal(choice?.delta.content);
    }
    expect(chunks[0]?.choices[0]?.logprobs?.content?.[0]?.token, 'the first chunk passed untouched').to.equal('Hello. ');
  });

  it('a whole chat answer whose text changed has null logprobs', async () => {
    const answer = await client.chat.completions.create({ model: 'fake-model', logprobs: true, top_logprobs: 1, messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0]?.message.content).to.equal('Hello. Write to <EMAIL> now.');
    expect(answer.choices[0]?.logprobs).to.equal(null);
    expectNoValue(JSON.stringify(answer), 'the answer');
  });

  it('a whole chat answer with nothing to redact keeps its logprobs', async () => {
    upstream.replyWords = ['Nothing', ' here.'];
    const answer = await client.chat.completions.create({ model: 'fake-model', logprobs: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0]?.logprobs?.content?.[0]?.token).to.equal('Nothing here.');
  });

  it('text completions, streamed and whole: logprobs.tokens never spell out a masked value', async () => {
    const whole = await client.completions.create({ model: 'fake-model', prompt: 'hi', logprobs: 1 });
    expect(whole.choices[0]?.text).to.equal('Hello. Write to <EMAIL> now.');
    expect(whole.choices[0]?.logprobs).to.equal(null);
    const chunks: OpenAI.Completions.Completion[] = [];
    for await (const chunk of await client.completions.create({ model: 'fake-model', prompt: 'hi', logprobs: 1, stream: true })) chunks.push(chunk);
    expectNoValue(JSON.stringify(chunks), 'the completion chunks');
    expect(chunks.map((c) => c.choices[0]?.text ?? '').join('')).to.equal('Hello. Write to <EMAIL> now.');
    expect(chunks[0]?.choices[0]?.logprobs?.tokens).to.deep.equal(['Hello. ']);
  });
});
