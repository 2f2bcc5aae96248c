import { expect } from 'chai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { gatewayFor } from '../../support/start-gateway.js';

describe('routing.aliases', function () {
  this.timeout(30_000);

  it('a client asking for an alias or a wildcard name is served by the worker model, which the worker is sent', async () => {
    const upstream = await new FakeUpstream().start();
    const gateway = await gatewayFor([upstream.url], { routing: { aliases: { 'gpt-4o': 'fake-model', 'local/*': '*' } } });
    try {
      for (const asked of ['gpt-4o', 'local/fake-model']) {
        const res = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: asked, messages: [{ role: 'user', content: 'hi' }] }),
        });
        expect(res.status, asked).to.equal(200);
        await res.text();
      }
      expect(upstream.chatBodies().map((b) => (b as { model: string }).model)).to.deep.equal(['fake-model', 'fake-model']);
      const unknown = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(unknown.status, 'no alias, no worker').to.equal(404);
      await unknown.text();
    } finally {
      await gateway.close();
      await upstream.stop();
    }
  });
});
