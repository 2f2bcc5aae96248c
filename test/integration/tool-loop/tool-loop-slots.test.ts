import { expect } from 'chai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { McpTestServer } from '../../support/mcp-test-server.js';
import { postJson, startGateway } from '../../support/start-gateway.js';

const ADMIN = 'sk-slots-admin-0001';

describe('the tool loop releases each turn\'s worker slot once that turn was read', function () {
  this.timeout(60_000);
  it('runs a three-turn loop on a worker that takes one request at a time', async () => {
    const upstream = await new FakeUpstream().start();
    const mcp = await new McpTestServer().start();
    upstream.models = ['fake-model'];
    const gateway = await startGateway({
      auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
      workers: [{ url: upstream.url, models: ['fake-model'], max_connections: 1, health: { interval_ms: 0 } }],
      // A turn waiting for a slot the loop itself holds would wait this long, then fail.
      resilience: { queue: { timeout_ms: 3000 } },
      security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
      routes: { '/v1/chat/completions': { pipeline: ['tool-loop', 'upstream'] } },
    });
    try {
      const created = await postJson(`${gateway.url}/mcp/servers`, { server_id: 'calc', name: 'Calculator', url: `${mcp.url}/mcp` }, { authorization: `Bearer ${ADMIN}` });
      expect(created.status).to.equal(201);
      upstream.toolCallReplies.push([{ name: 'calc__add', arguments: '{"a":1,"b":2}' }], [{ name: 'calc__echo', arguments: '{"text":"x"}' }]);
      const response = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'go' }], tools: [{ type: 'mcp', server_id: 'calc' }] });
      const text = await response.text();
      expect(response.status, text).to.equal(200);
      expect(response.headers.get('x-tool-loop-turns')).to.equal('3');

      upstream.toolCallReplies.push([{ name: 'calc__add', arguments: '{"a":1,"b":2}' }], [{ name: 'calc__echo', arguments: '{"text":"x"}' }]);
      const streamed = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'go' }], tools: [{ type: 'mcp', server_id: 'calc' }] });
      expect(streamed.status).to.equal(200);
      const events = await streamed.text();
      expect(events).to.contain(': tool-loop: turn 3');
      expect(events, 'no turn waited for a slot the loop held').to.not.contain('GW_ERR_ROUTING_OVERLOADED');
      expect(events.trimEnd().endsWith('data: [DONE]')).to.equal(true);
    } finally {
      await gateway.close();
      await mcp.stop();
      await upstream.stop();
    }
  });
});
