import { expect } from 'chai';
import OpenAI from 'openai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../../support/start-gateway.js';

const MATH = 'Solve the equation 3x + 7 = 22 for x and show each step.';
const POEM = 'Write a short poem about autumn leaves';

/** reasoning-mode writes each family's own fields; the fake worker records what arrived. */
describe('reasoning-mode through the real server', function () {
  this.timeout(30_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let client: OpenAI;
  before(async () => {
    upstream = await new FakeUpstream().start();
    upstream.models = ['qwen3-m', 'deepseek-m', 'gpt-oss-m', 'claude-m', 'custom-m', 'plain-m'];
    gateway = await startGateway({
      workers: [{ url: upstream.url, models: upstream.models }],
      pipeline: ['upstream'],
      routes: {
        '/v1/chat/completions': {
          pipeline: ['classify', 'reasoning-mode', 'upstream'],
          stages: {
            'reasoning-mode': {
              families: { custom: { type: 'chat_template_kwargs', parameter: 'reasoning' } },
              models: { 'qwen3-m': 'qwen3', 'deepseek-m': 'deepseek', 'gpt-oss-m': 'gpt-oss', 'claude-m': 'anthropic', 'custom-m': 'custom' },
              categories: [
                { name: 'math', use_reasoning: true },
                { name: 'creative_writing', use_reasoning: false },
              ],
            },
          },
        },
      },
    });
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.reset());

  const ask = (model: string, content: string, extra: Record<string, unknown> = {}): Promise<unknown> =>
    client.chat.completions.create({ model, messages: [{ role: 'user', content }], ...extra });

  it('switches reasoning on for math in every family\'s dialect', async () => {
    const { response } = await client.chat.completions.create({ model: 'qwen3-m', messages: [{ role: 'user', content: MATH }] }).withResponse();
    expect(response.headers.get('x-vsr-selected-reasoning')).to.equal('on;effort=high');
    for (const model of ['deepseek-m', 'gpt-oss-m', 'claude-m', 'custom-m', 'plain-m']) await ask(model, MATH);
    const [qwen, deepseek, gptOss, claude, custom, plain] = upstream.chatBodies();
    expect(qwen?.['chat_template_kwargs']).to.deep.equal({ enable_thinking: true });
    expect(deepseek?.['chat_template_kwargs']).to.deep.equal({ thinking: true });
    expect(gptOss?.['reasoning_effort']).to.equal('high');
    expect(claude?.['thinking']).to.deep.equal({ type: 'enabled', budget_tokens: 24576 });
    expect(custom?.['chat_template_kwargs']).to.deep.equal({ reasoning: true });
    expect(plain).to.not.have.any.keys('chat_template_kwargs', 'reasoning_effort', 'thinking');
  });

  it('switches it off for creative writing, and leaves what the client set itself', async () => {
    await ask('qwen3-m', POEM);
    await ask('claude-m', POEM);
    await ask('qwen3-m', MATH, { chat_template_kwargs: { enable_thinking: false, other: 1 } });
    await ask('gpt-oss-m', 'hello there, how are you today?');
    const [qwen, claude, clientSet, unlisted] = upstream.chatBodies();
    expect(qwen?.['chat_template_kwargs']).to.deep.equal({ enable_thinking: false });
    expect(claude?.['thinking']).to.deep.equal({ type: 'disabled' });
    expect(clientSet?.['chat_template_kwargs']).to.deep.equal({ enable_thinking: false, other: 1 });
    expect(unlisted).to.not.have.any.keys('reasoning_effort');
  });

  it('counts decisions, template use and efforts', async () => {
    await ask('gpt-oss-m', MATH);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).to.match(/^llm_reasoning_decisions_total\{category="math",model="gpt-oss-m",enabled="true",effort="high"\} [1-9]/m);
    expect(metrics).to.match(/^llm_reasoning_template_usage_total\{family="qwen3",param="enable_thinking"\} [1-9]/m);
    expect(metrics).to.match(/^llm_reasoning_effort_usage_total\{family="anthropic",effort="high"\} [1-9]/m);
  });

  it('refuses a model mapped to a family that does not exist', async () => {
    const error = await startGateway({
      workers: [{ url: upstream.url, models: ['m'] }],
      pipeline: ['classify', 'reasoning-mode', 'upstream'],
      stages: { 'reasoning-mode': { models: { m: 'qwen4' } } },
    }).then((g) => g.close().then(() => undefined), (e: unknown) => e);
    expect(String(error)).to.contain('models.m names the family "qwen4"');
  });
});
