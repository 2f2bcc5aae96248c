import { expect } from 'chai';
import OpenAI from 'openai';
import { createUppercasePlugin } from '../../examples/plugins/uppercase-plugin.js';
import { builtinPlugins } from '../../plugins/builtin-plugins.js';
import { FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, type TestGateway } from '../support/start-gateway.js';

const ADMIN = 'sk-example-admin-0001';

describe('the example plugin of plugins/README.md (a stage, a control-plane route, a response transform)', () => {
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await startGateway(
      {
        auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
        workers: [{ url: upstream.url, models: ['fake-model'] }],
        routes: { '/v1/chat/completions': { pipeline: ['uppercase', 'upstream'] } },
      },
      { plugins: [...builtinPlugins(), createUppercasePlugin()] },
    );
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it('rewrites answers, streamed and not, and counts them on its control-plane route', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const plain = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] });
    expect(plain.choices[0]?.message.content).to.equal('HELLO FROM THE FAKE UPSTREAM.');
    let streamed = '';
    for await (const chunk of await client.chat.completions.create({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'hi' }] })) {
      streamed += chunk.choices[0]?.delta.content ?? '';
    }
    expect(streamed).to.equal('HELLO FROM THE FAKE UPSTREAM.');
    expect((await fetch(`${gateway.url}/uppercase/stats`)).status, 'the kernel guards a plugin\'s control route').to.equal(401);
    const stats = await fetch(`${gateway.url}/uppercase/stats`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(await stats.json()).to.deep.equal({ answers: 2 });
  });

  it('its config is validated like any stage\'s, with every error', async () => {
    const err = await startGateway(
      { workers: [{ url: upstream.url, models: ['fake-model'] }], pipeline: ['uppercase', 'upstream'], stages: { uppercase: { only_model: 3, extra: true } } },
      { plugins: [...builtinPlugins(), createUppercasePlugin()] },
    ).then(
      (g) => g.close().then(() => undefined),
      (e: unknown) => e,
    );
    expect(String(err)).to.contain('stages.uppercase/only_model: must be string');
    expect(String(err)).to.contain('stages.uppercase/extra: is not a known property');
  });
});
