import { expect } from 'chai';
import { FakeUpstream } from '../support/fake-upstream.js';
import { FakeAnthropicUpstream } from '../support/fake-anthropic-upstream.js';
import { gatewayFor, postJson, startGateway, type TestGateway } from '../support/start-gateway.js';
import { requestsSettled, waitFor } from '../support/wait-for.js';

// The fake reports 7 prompt tokens (3 of them cached here) and 6 completion tokens. Prices are large
// so the hand computation is plain: 4 * 2 + 3 * 0.5 + 6 * 10 = 69.5 EUR per answer.
const MODELS = { 'fake-model': { pricing: { currency: 'EUR', prompt_per_million: 2_000_000, completion_per_million: 10_000_000, cached_prompt_per_million: 500_000 } } };
const ONE_ANSWER = 4 * 2 + 3 * 0.5 + 6 * 10;

async function costMetric(gateway: TestGateway): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const line = /^llm_model_cost_total\{model="fake-model",currency="EUR"\} (\S+)$/m.exec(text);
  return line === null ? 0 : Number(line[1]);
}

describe('cost accounting from real usage', () => {
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  const chat = (stream: boolean) => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream, messages: [{ role: 'user', content: 'hi' }] });

  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await gatewayFor([upstream.url], { models: MODELS });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => {
    upstream.reset();
    upstream.cachedPromptTokens = 3;
  });

  it('a non-stream answer carries its cost, and llm_model_cost_total moves by exactly that', async () => {
    const before = await costMetric(gateway);
    const res = await chat(false);
    expect(res.status).to.equal(200);
    expect(Number(res.headers.get('x-request-cost'))).to.be.closeTo(ONE_ANSWER, 1e-9);
    expect(res.headers.get('x-request-cost-currency')).to.equal('EUR');
    await res.text();
    await requestsSettled(gateway.app);
    expect((await costMetric(gateway)) - before).to.be.closeTo(ONE_ANSWER, 1e-9);
  });

  it('a stream is costed from its usage event (cached tokens once), with no cost header', async () => {
    const before = await costMetric(gateway);
    const res = await chat(true);
    expect(res.status).to.equal(200);
    expect(res.headers.get('x-request-cost')).to.equal(null);
    await res.text();
    await requestsSettled(gateway.app);
    expect((await costMetric(gateway)) - before).to.be.closeTo(ONE_ANSWER, 1e-9);
  });

  it('without cached tokens the whole prompt is priced at the prompt price', async () => {
    upstream.cachedPromptTokens = undefined;
    const res = await chat(false);
    expect(Number(res.headers.get('x-request-cost'))).to.be.closeTo(7 * 2 + 6 * 10, 1e-9);
    await res.text();
  });
});

describe("seed 004's model_config pricing block, pasted in as written", () => {
  it('prices answers like models.<id>.pricing; other per-model keys of that format are accepted', async () => {
    const upstream = await new FakeUpstream().start();
    const gateway = await gatewayFor([upstream.url], {
      model_config: { 'fake-model': { reasoning_family: 'qwen3', pricing: { currency: 'USD', prompt_per_1m: 1_000_000, completion_per_1m: 2_000_000 } } },
    });
    try {
      const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] });
      expect(res.status).to.equal(200);
      expect(res.headers.get('x-request-cost')).to.equal(String(7 + 6 * 2));
      expect(res.headers.get('x-request-cost-currency')).to.equal('USD');
      await res.text();
    } finally {
      await gateway.close();
      await upstream.stop();
    }
  });
});

describe('a stream that reports no usage is costed from the tokenizer, marked estimated', () => {
  const PROMPT = 'Сколько токенов в этой подсказке?';
  // Prices of 1,000,000 and 2,000,000 per million: one unit per prompt token, two per completion token.
  const PRICED = { pricing: { currency: 'USD', prompt_per_million: 1_000_000, completion_per_million: 2_000_000 } };

  it('counts prompt and answer with the model tokenizer (else o200k_base) and says so in the request log', async () => {
    const upstream = await new FakeUpstream().start();
    upstream.ignoreStreamUsage = true;
    upstream.models = ['fake-model', 'plain-model'];
    const gateway = await gatewayFor([upstream.url], {
      workers: [{ url: upstream.url, models: ['fake-model', 'plain-model'] }],
      models: { 'fake-model': PRICED, 'plain-model': PRICED },
      tokenizers: { models: { 'fake-model': 'cl100k_base' } },
    });
    try {
      const cl100k = (await import('gpt-tokenizer/encoding/cl100k_base')).default;
      const o200k = (await import('gpt-tokenizer/encoding/o200k_base')).default;
      const answer = upstream.replyWords.join('');
      let n = 0;
      /** One streamed request's request-log line. */
      const streamOnce = async (model: string): Promise<Record<string, unknown>> => {
        const id = `estimate-${++n}`;
        const res = await postJson(`${gateway.url}/v1/chat/completions`, { model, stream: true, messages: [{ role: 'user', content: PROMPT }] }, { 'x-request-id': id });
        expect(res.status).to.equal(200);
        expect(await res.text()).not.to.include('"usage"');
        await requestsSettled(gateway.app);
        return gateway.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['request_id'] === id && l['channel'] === 'request') ?? {};
      };
      for (const [model, encoding] of [['fake-model', cl100k], ['plain-model', o200k]] as const) {
        const prompt = encoding.encode(PROMPT).length;
        const completion = encoding.encode(answer).length;
        // The fallback encoding loads on first use (until then: four characters a token).
        await waitFor(`${model} counted with its encoding`, async () => (await streamOnce(model))['prompt_tokens'] === prompt, 15_000, 50);
        const before = await modelCost(gateway, model, 'USD');
        const estimatedBefore = await modelCost(gateway, model, 'USD', 'llm_model_estimated_cost_total');
        const responsesBefore = await estimatedResponses(gateway, model);
        const statszBefore = await statszEstimate(gateway, model);
        const line = await streamOnce(model);
        const hand = prompt + 2 * completion;
        expect(line, model).to.include({ prompt_tokens: prompt, completion_tokens: completion, cost: hand, currency: 'USD', cost_estimated: true });
        // The total counts it once; the estimated part says that much of it was counted by the gateway.
        expect((await modelCost(gateway, model, 'USD')) - before).to.be.closeTo(hand, 1e-9);
        expect((await modelCost(gateway, model, 'USD', 'llm_model_estimated_cost_total')) - estimatedBefore).to.be.closeTo(hand, 1e-9);
        expect((await estimatedResponses(gateway, model)) - responsesBefore).to.equal(1);
        const statszAfter = await statszEstimate(gateway, model);
        expect(statszAfter.responses - statszBefore.responses, `${model}: /statsz estimated responses`).to.equal(1);
        expect((statszAfter.cost['USD'] ?? 0) - (statszBefore.cost['USD'] ?? 0), `${model}: /statsz estimated cost`).to.be.closeTo(hand, 1e-9);
      }
      // The two encodings differ on this prompt, so each model's own was the one used.
      expect(cl100k.encode(PROMPT).length).not.to.equal(o200k.encode(PROMPT).length);
      // A stream that does report usage is not an estimate.
      upstream.ignoreStreamUsage = false;
      const estimatedBefore = await modelCost(gateway, 'plain-model', 'USD', 'llm_model_estimated_cost_total');
      const totalBefore = await modelCost(gateway, 'plain-model', 'USD');
      const statszBefore = await statszEstimate(gateway, 'plain-model');
      const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'plain-model', stream: true, messages: [{ role: 'user', content: PROMPT }] }, { 'x-request-id': 'reported' });
      await res.text();
      await requestsSettled(gateway.app);
      const reported = gateway.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['request_id'] === 'reported');
      expect(reported).to.include({ prompt_tokens: 7, cost_estimated: false });
      expect((await modelCost(gateway, 'plain-model', 'USD')) - totalBefore).to.be.closeTo(7 + 2 * 6, 1e-9);
      expect(await modelCost(gateway, 'plain-model', 'USD', 'llm_model_estimated_cost_total')).to.equal(estimatedBefore);
      expect(await statszEstimate(gateway, 'plain-model')).to.deep.equal(statszBefore);
    } finally {
      await gateway.close();
      await upstream.stop();
    }
  });
});

async function modelCost(gateway: TestGateway, model: string, currency: string, metric = 'llm_model_cost_total'): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const line = new RegExp(`^${metric}\\{model="${model}",currency="${currency}"\\} (\\S+)$`, 'm').exec(text);
  return line === null ? 0 : Number(line[1]);
}

async function estimatedResponses(gateway: TestGateway, model: string): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const line = new RegExp(`^switchyard_estimated_usage_total\\{model="${model}"\\} (\\S+)$`, 'm').exec(text);
  return line === null ? 0 : Number(line[1]);
}

/** A model's `estimated` row in /statsz (zeros before its first answer). */
async function statszEstimate(gateway: TestGateway, model: string): Promise<{ responses: number; cost: Record<string, number> }> {
  const body = (await (await fetch(`${gateway.url}/statsz`)).json()) as { models: Record<string, { estimated: { responses: number; cost: Record<string, number> } } | undefined> };
  return body.models[model]?.estimated ?? { responses: 0, cost: {} };
}

describe('prompt-cache writes are priced where the provider bills them (Anthropic)', () => {
  // The fake Claude reports input 5, cache reads 100, cache writes 200, output 4. At 1 per prompt
  // token, 0.1 per cache read, 1.25 per cache write and 2 per output token:
  // 5 * 1 + 100 * 0.1 + 200 * 1.25 + 4 * 2 = 273.
  const HAND = 5 * 1 + 100 * 0.1 + 200 * 1.25 + 4 * 2;

  for (const [block, pricing] of [
    ['models.<id>.pricing', { models: { 'claude-fake': { pricing: { currency: 'USD', prompt_per_million: 1_000_000, cached_prompt_per_million: 100_000, cache_write_per_million: 1_250_000, completion_per_million: 2_000_000 } } } }],
    ["seed 004's model_config", { model_config: { 'claude-fake': { pricing: { currency: 'USD', prompt_per_1m: 1_000_000, cached_prompt_per_1m: 100_000, cache_write_per_1m: 1_250_000, completion_per_1m: 2_000_000 } } } }],
  ] as const) {
    it(`streamed and not, from ${block}`, async () => {
      const upstream = await new FakeAnthropicUpstream().start();
      upstream.cacheTokens = { read: 100, write: 200 };
      const gateway = await startGateway({ workers: [{ url: upstream.url, runtime: 'anthropic', api_key: 'sk-ant-worker-0001' }], ...pricing });
      try {
        const plain = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'claude-fake', messages: [{ role: 'user', content: 'hi' }] });
        expect(plain.status).to.equal(200);
        expect(Number(plain.headers.get('x-request-cost'))).to.be.closeTo(HAND, 1e-9);
        const body = (await plain.json()) as { usage: Record<string, unknown> };
        expect(body.usage).to.deep.include({ prompt_tokens: 305, completion_tokens: 4, cache_creation_input_tokens: 200, prompt_tokens_details: { cached_tokens: 100 } });
        await requestsSettled(gateway.app);
        const before = await modelCost(gateway, 'claude-fake', 'USD');
        const streamed = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'claude-fake', stream: true, messages: [{ role: 'user', content: 'hi' }] });
        expect(streamed.status).to.equal(200);
        await streamed.text();
        await requestsSettled(gateway.app);
        expect((await modelCost(gateway, 'claude-fake', 'USD')) - before).to.be.closeTo(HAND, 1e-9);
      } finally {
        await gateway.close();
        await upstream.stop();
      }
    });
  }
});
