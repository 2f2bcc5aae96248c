import { DefaultAgentCardResolver } from '@a2a-js/sdk/client';
import { expect } from 'chai';
import { A2aTestAgent } from '../../support/a2a-test-agent.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';

const ADMIN = 'sk-a2a-proxy-admin-0001';
const KEY = 'sk-a2a-proxy-user-0001';

/** A2A v1.0 JSON-RPC (the SDK's agents speak it; the gateway relays any method name as it is). */
function send(method: string, text: string): Record<string, unknown> {
  return { jsonrpc: '2.0', id: 1, method, params: { message: { messageId: `m-${method}`, role: 'ROLE_USER', parts: [{ text }] } } };
}
const V1 = { 'a2a-version': '1.0' };

describe('POST /v1/a2a/{agent_id}: A2A JSON-RPC relayed to a registered agent built with the A2A SDK', function () {
  this.timeout(30_000);
  let agent: A2aTestAgent;
  let gateway: TestGateway;
  before(async () => {
    agent = await new A2aTestAgent({ name: 'Echo agent' }).start();
    gateway = await startGateway({
      auth: { control_plane_api_keys: [{ id: 'ops', key: ADMIN }], api_keys: [{ id: 'user', key: KEY }] },
      workers: [{ url: 'demo://local', models: ['demo'] }],
      security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
    });
    const created = await postJson(`${gateway.url}/a2a/agents`, { agent_id: 'echo', name: 'Echo', url: agent.url }, { authorization: `Bearer ${ADMIN}` });
    expect(created.status).to.equal(201);
  });
  after(async () => {
    await gateway.close();
    await agent.stop();
  });

  it('relays SendMessage (message/send) and its JSON-RPC answer', async () => {
    const response = await postJson(`${gateway.url}/v1/a2a/echo`, send('SendMessage', 'hi'), { authorization: `Bearer ${KEY}`, ...V1 });
    const text = await response.text();
    expect(response.status, text).to.equal(200);
    expect(text).to.contain('echo: hi');
    expect(JSON.parse(text)).to.include({ jsonrpc: '2.0', id: 1 });
  });

  it('relays SendStreamingMessage (message/stream) as SSE, event by event', async () => {
    const response = await postJson(`${gateway.url}/v1/a2a/echo`, send('SendStreamingMessage', 'streamed'), { authorization: `Bearer ${KEY}`, ...V1 });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.contain('text/event-stream');
    const text = await response.text();
    expect(text).to.match(/^data: /m);
    expect(text).to.contain('echo: streamed');
  });

  it('publishes the gateway\'s own card listing the agents it fronts (read by the A2A SDK\'s resolver)', async () => {
    const card = await new DefaultAgentCardResolver().resolve(gateway.url);
    expect(card.name).to.equal('Switchyard');
    expect(card.skills.map((s) => s.id)).to.deep.equal(['echo']);
    // The tenant-facing /v1/a2a, the agent named as the interface's tenant.
    expect(card.supportedInterfaces).to.deep.equal([{ url: `${gateway.url}/v1/a2a`, protocolBinding: 'JSONRPC', tenant: 'echo', protocolVersion: '1.0' }]);
    // The data plane's credential, as a v1.0 security scheme the SDK parsed.
    const [required] = card.securityRequirements;
    const schemeName = Object.keys(required?.schemes ?? {})[0] ?? '';
    expect(card.securitySchemes[schemeName]?.scheme).to.deep.include({ $case: 'httpAuthSecurityScheme' });
    expect(JSON.stringify(card.securitySchemes[schemeName])).to.contain('"scheme":"Bearer"');
    // A2A v0.3 readers find the same endpoints in v0.3's fields.
    const raw = (await (await fetch(`${gateway.url}/.well-known/agent-card.json`)).json()) as Record<string, unknown>;
    expect(raw).to.deep.include({ url: `${gateway.url}/v1/a2a`, preferredTransport: 'JSONRPC', protocolVersion: '0.3.0', additionalInterfaces: [{ url: `${gateway.url}/v1/a2a/echo`, transport: 'JSONRPC' }] });
    expect(JSON.stringify(card), 'agents\' own addresses stay private').to.not.contain(agent.url);
  });

  it('needs a data-plane key and a registered agent', async () => {
    expect((await postJson(`${gateway.url}/v1/a2a/echo`, send('message/send', 'x'))).status).to.equal(401);
    const unknown = await postJson(`${gateway.url}/v1/a2a/nope`, send('message/send', 'x'), { authorization: `Bearer ${KEY}` });
    expect(unknown.status).to.equal(404);
    const bad = await postJson(`${gateway.url}/v1/a2a/echo`, { method: 'message/send' }, { authorization: `Bearer ${KEY}` });
    expect(bad.status).to.equal(400);
  });
});
