import { expect } from 'chai';
import { authConfig, bearer, KEYS } from '../../support/auth-fixture.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';

/**
 * The rate-limit stage's prompt estimate counts with the model's tokenizer (tokenizers.models)
 * instead of characters / 4: a prompt of 40 tokens but ~70 "characters / 4" passes a 50-token
 * limit; one of 60 tokens does not.
 */
describe('tokenizers plugin: rate-limit estimates count with the model\'s tokenizer', function () {
  this.timeout(30_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await startGateway({
      ...authConfig(),
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      tokenizers: { models: { 'fake-model': 'cl100k_base' } },
      pipeline: ['rate-limit', 'upstream'],
      stages: { 'rate-limit': { estimate_prompt_tokens: true, default_limits: { tpm: 50 } } },
    });
    await waitFor('cl100k_base to load', async () => {
      const res = await fetch(`${gateway.url}/v1/tokenizers/cl100k_base/status`, { headers: bearer(KEYS.admin) });
      return ((await res.json()) as { state: string }).state === 'ready';
    });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  const chat = (content: string): Promise<Response> => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content }] }, bearer(KEYS.user));

  it('lets a prompt through that characters / 4 would have refused, and refuses one over the limit in tokens', async () => {
    const forty = 'hello '.repeat(40).trim();
    expect(Math.ceil(JSON.stringify([{ role: 'user', content: forty }]).length / 4), 'the old estimate').to.be.greaterThan(50);
    expect((await chat(forty)).status).to.equal(200);
    // The fake's usage (13 tokens) is debited; 60 more tokens are over 50 whichever way they are counted.
    const sixty = await chat('hello '.repeat(60).trim());
    expect(sixty.status).to.equal(429);
  });
});
