import { expect } from 'chai';
import { join } from 'node:path';
import OpenAI from 'openai';
import { readConfigFile } from '../../../core/config/load-config.js';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { recordOf } from '../../../core/util/narrow-json.js';
import { startGateway, type TestGateway } from '../../support/start-gateway.js';
import { requestsSettled } from '../../support/wait-for.js';

/** examples/semantic-cache.yaml as written: the demo worker serves both the chat and the embedding model. */
describe('examples/semantic-cache.yaml', function () {
  this.timeout(30_000);
  let gateway: TestGateway;
  before(async () => {
    gateway = await startGateway({ ...recordOf(readConfigFile(join(PACKAGE_ROOT, 'examples', 'semantic-cache.yaml'))) });
  });
  after(() => gateway.close());

  it('answers a repeated question from the cache, by the embedding model the workers serve', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const ask = () => client.chat.completions.create({ model: 'qwen3-general', messages: [{ role: 'user', content: 'What is the capital of France?' }] }).withResponse();
    const first = await ask();
    expect(first.response.headers.get('x-cache-status')).to.equal('miss');
    await requestsSettled(gateway.app);
    const again = await ask();
    expect(again.response.headers.get('x-cache-status')).to.equal('hit');
    expect(again.data.choices[0]?.message.content).to.equal(first.data.choices[0]?.message.content);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics, 'both questions were embedded by demo-embedding').to.match(/^semantic_router_cache_embedding_requests_total\{outcome="ok"\} 2$/m);
  });
});
