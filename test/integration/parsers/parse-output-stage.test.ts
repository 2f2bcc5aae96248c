import { expect } from 'chai';
import OpenAI from 'openai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { readSseEvents } from '../../support/read-sse.js';

/** A Qwen3-style raw answer: thinking, a sentence, a Hermes `<tool_call>` — cut where it hurts. */
const RAW = ['<think>', 'Weather needs', ' a tool.', '</think>', '\n\nLet me check.', '\n<tool', '_call>\n{"name": "get_weather", ', '"arguments": {"city": "Par', 'is"}}\n</tool_call>'];
const TOOLS = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];

/**
 * The parse-output stage in front of a raw-text worker: the unmodified openai SDK sees structured
 * tool calls and reasoning, streamed and not.
 */
describe('parsers plugin: the parse-output stage', function () {
  this.timeout(30_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let client: OpenAI;
  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      pipeline: ['parse-output', 'upstream'],
      stages: { 'parse-output': { tool_call_parser: 'qwen', reasoning_parser: 'qwen3' } },
    });
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  beforeEach(() => {
    upstream.replyWords = [...RAW];
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('a whole answer reaches the openai client with tool_calls, reasoning_content and finish_reason tool_calls', async () => {
    const answer = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: TOOLS });
    const choice = answer.choices[0];
    expect(choice?.finish_reason).to.equal('tool_calls');
    expect(choice?.message.content).to.equal('Let me check.');
    expect(Reflect.get(choice?.message ?? {}, 'reasoning_content')).to.equal('Weather needs a tool.');
    const calls = choice?.message.tool_calls ?? [];
    expect(calls).to.have.length(1);
    expect(calls[0]).to.deep.include({ type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } });
    expect(calls[0]?.id).to.match(/^call_[0-9a-f]{24}$/);
  });

  it('a stream reaches the openai client as tool-call and reasoning deltas that assemble to the same answer', async () => {
    // Assembled by hand as an SDK user does: the fake worker sends no role delta, which the SDK's
    // own .stream() helper insists on.
    let reasoning = '';
    let content = '';
    let finish: string | null = null;
    const calls = new Map<number, { id: string; name: string; arguments: string }>();
    const stream = await client.chat.completions.create({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: TOOLS });
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice === undefined) continue;
      const part: unknown = Reflect.get(choice.delta, 'reasoning_content');
      if (typeof part === 'string') reasoning += part;
      content += choice.delta.content ?? '';
      for (const delta of choice.delta.tool_calls ?? []) {
        const call = calls.get(delta.index);
        if (call === undefined) {
          expect(delta.id, 'the first delta of a call carries its id').to.match(/^call_[0-9a-f]{24}$/);
          expect(delta.type).to.equal('function');
          calls.set(delta.index, { id: delta.id ?? '', name: delta.function?.name ?? '', arguments: delta.function?.arguments ?? '' });
        } else {
          expect(delta.id, 'later deltas carry arguments only').to.equal(undefined);
          call.arguments += delta.function?.arguments ?? '';
        }
      }
      finish = choice.finish_reason ?? finish;
    }
    expect(reasoning).to.equal('Weather needs a tool.');
    expect(content).to.equal('Let me check.');
    expect(finish).to.equal('tool_calls');
    expect([...calls.values()].map(({ name, arguments: args }) => ({ name, args }))).to.deep.equal([{ name: 'get_weather', args: '{"city": "Paris"}' }]);
  });

  it('sends no marker text to the client while a stream is under way', async () => {
    const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'x' }], tools: TOOLS });
    const events = await readSseEvents(res);
    const text = events.join('\n');
    for (const marker of ['<think>', '</think>', '<tool_call>', '<tool', '</tool_call>']) expect(text).to.not.include(marker);
    expect(events.at(-1)).to.equal('[DONE]');
  });

  it('without tools in the request the text stays text (reasoning is still split off)', async () => {
    const answer = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'x' }] });
    const choice = answer.choices[0];
    expect(choice?.finish_reason).to.equal('stop');
    expect(choice?.message.tool_calls).to.equal(undefined);
    expect(choice?.message.content).to.include('<tool_call>');
    expect(Reflect.get(choice?.message ?? {}, 'reasoning_content')).to.equal('Weather needs a tool.');
  });

  it('a model entry replaces the route-wide parsers for the models it matches', async () => {
    const perModel = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model', 'other-model'] }],
      routes: {
        '/v1/chat/completions': {
          pipeline: ['parse-output', 'upstream'],
          stages: { 'parse-output': { tool_call_parser: 'qwen', models: { 'fake-*': { reasoning_parser: 'qwen3' } } } },
        },
      },
    });
    try {
      const perModelClient = new OpenAI({ baseURL: `${perModel.url}/v1`, apiKey: 'unused', maxRetries: 0 });
      const fake = (await perModelClient.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'x' }], tools: TOOLS })).choices[0];
      expect(Reflect.get(fake?.message ?? {}, 'reasoning_content'), 'fake-* names only a reasoning parser').to.equal('Weather needs a tool.');
      expect(fake?.message.tool_calls).to.equal(undefined);
      const other = (await perModelClient.chat.completions.create({ model: 'other-model', messages: [{ role: 'user', content: 'x' }], tools: TOOLS })).choices[0];
      expect(other?.message.tool_calls?.map((c) => (c.type === 'function' ? c.function.name : ''))).to.deep.equal(['get_weather']);
      expect(Reflect.get(other?.message ?? {}, 'reasoning_content'), 'the route-wide pair has no reasoning parser').to.equal(undefined);
    } finally {
      await perModel.close();
    }
  });

  it('an unknown parser name in the stage config stops the gateway from starting, with SMG\'s wording', async () => {
    const err = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      pipeline: ['parse-output', 'upstream'],
      stages: { 'parse-output': { tool_call_parser: 'nope' } },
    }).then(
      (g) => g.close().then(() => undefined),
      (e: unknown) => e,
    );
    expect(String(err)).to.include('Unknown tool parser: nope');
  });
});
