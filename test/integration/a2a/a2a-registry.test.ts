import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { A2aTestAgent } from '../../support/a2a-test-agent.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';

const ADMIN = 'sk-a2a-admin-0001';
const AUTH = { authorization: `Bearer ${ADMIN}` };

function config(): Record<string, unknown> {
  return {
    auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
    workers: [{ url: 'demo://local', models: ['demo'] }],
    security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
  };
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('A2A agent registry (/a2a/agents) against agents serving their card with the A2A SDK', function () {
  this.timeout(30_000);
  let agent: A2aTestAgent;
  let legacy: A2aTestAgent;
  let gateway: TestGateway;
  let stateDir: string;
  before(async () => {
    agent = await new A2aTestAgent({ name: 'Echo agent' }).start();
    legacy = await new A2aTestAgent({ name: 'Old agent', legacyPath: true }).start();
    stateDir = mkdtempSync(join(tmpdir(), 'sy-a2a-'));
    gateway = await startGateway(config(), { stateDir });
  });
  after(async () => {
    await gateway.close();
    await agent.stop();
    await legacy.stop();
  });

  it('registers agents, fetches and caches their cards (either well-known path), persists, deletes', async () => {
    const created = await postJson(`${gateway.url}/a2a/agents`, { agent_id: 'echo', name: 'Echo', description: 'echoes', url: agent.url, capabilities: { streaming: true }, metadata: { team: 'a' } }, AUTH);
    expect(created.status).to.equal(201);
    expect(await json(created)).to.include({ agent_id: 'echo', name: 'Echo', card_cached: true });
    const card = await json(await fetch(`${gateway.url}/a2a/agents/echo/card`, { headers: AUTH }));
    expect(card).to.include({ name: 'Echo agent', version: '1.0.0' });
    expect(agent.cardRequests, 'the card is cached, not fetched per request').to.equal(1);

    const old = await postJson(`${gateway.url}/a2a/agents`, { agent_id: 'old', name: 'Old', url: legacy.url }, AUTH);
    expect(await json(old)).to.include({ card_cached: true });
    expect(await json(await fetch(`${gateway.url}/a2a/agents/old/card`, { headers: AUTH }))).to.include({ name: 'Old agent' });

    const listed = await json(await fetch(`${gateway.url}/a2a/agents`, { headers: AUTH }));
    expect(listed['total']).to.equal(2);

    const restarted = await startGateway(config(), { stateDir });
    try {
      expect(await json(await fetch(`${restarted.url}/a2a/agents/echo/card`, { headers: AUTH }))).to.include({ name: 'Echo agent' });
      expect(agent.cardRequests, 'the cached card survives a restart').to.equal(1);
    } finally {
      await restarted.close();
    }

    expect(await json(await fetch(`${gateway.url}/a2a/agents/old`, { method: 'DELETE', headers: AUTH }))).to.deep.equal({ agent_id: 'old', deleted: true });
    const gone = await fetch(`${gateway.url}/a2a/agents/old/card`, { headers: AUTH });
    expect(gone.status).to.equal(404);
    expect((await json(gone))['detail']).to.contain('No A2A agent "old"');
  });

  it('refuses URLs the SSRF policy forbids, bad bodies and anonymous callers; keeps a card-less agent', async () => {
    const metadata = await postJson(`${gateway.url}/a2a/agents`, { agent_id: 'meta', name: 'x', url: 'http://169.254.169.254/' }, AUTH);
    expect(metadata.status).to.equal(400);
    expect((await json(metadata))['error']).to.deep.include({ param: 'url' });
    const bad = await postJson(`${gateway.url}/a2a/agents`, { agent_id: '../x', name: 'x', url: agent.url, extra: 1 }, AUTH);
    expect(bad.status).to.equal(400);
    expect((await postJson(`${gateway.url}/a2a/agents`, { agent_id: 'x', name: 'x', url: agent.url })).status).to.equal(401);
    const away = await postJson(`${gateway.url}/a2a/agents`, { agent_id: 'away', name: 'Away', url: 'http://127.0.0.1:9' }, AUTH);
    expect(away.status).to.equal(201);
    expect(await json(away)).to.include({ card_cached: false });
    const card = await fetch(`${gateway.url}/a2a/agents/away/card`, { headers: AUTH });
    expect(card.status).to.equal(502);
  });
});
