import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { readConfigFile } from '../../../core/config/load-config.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { gatewayFor, postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { requestsSettled } from '../../support/wait-for.js';
import { startRedis } from '../../support/redis-server.js';
import { bearer } from '../../support/auth-fixture.js';

// The fake upstream reports 7 prompt + 6 completion tokens per request: at these prices each
// request costs 7 + 6 * 2 = 19 (currency units).
const PRICED = { 'fake-model': { pricing: { prompt_per_million: 1_000_000, completion_per_million: 2_000_000 } } };
const ALICE = 'sk-team-alice-0001';
const BOB = 'sk-team-bob-0001';
const SOLO = 'sk-team-solo-0001';
const ADMIN = 'sk-team-admin-0001';
const TEAM_ADMIN = 'sk-team-lead-0001';

function teamConfig(extra: Record<string, unknown> = {}, teamBudget = 40): Record<string, unknown> {
  return {
    auth: {
      api_keys: [
        { id: 'alice', key: ALICE, team: 'eng' },
        { id: 'bob', key: BOB, team: 'eng', budget: 1000 },
        { id: 'solo', key: SOLO },
      ],
      control_plane_api_keys: [
        { id: 'ops', key: ADMIN },
        { id: 'eng-lead', key: TEAM_ADMIN, team: 'eng' },
      ],
    },
    models: PRICED,
    pipeline: ['budget', 'upstream'],
    limits: { teams: { eng: { budget: teamBudget }, idle: { budget: 5 } } },
    ...extra,
  };
}

const chat = (url: string, key: string, stream = false) => postJson(`${url}/v1/chat/completions`, { model: 'fake-model', stream, messages: [{ role: 'user', content: 'x' }] }, bearer(key));

/** The response read to its end, and the gateway done with it (spend is recorded then). */
async function settle(res: Response, gateway: TestGateway): Promise<number> {
  await res.text();
  await requestsSettled(gateway.app);
  return res.status;
}

async function self(gateway: TestGateway, key: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${gateway.url}/v1/keys/self`, { headers: bearer(key) });
  expect(res.status).to.equal(200);
  return (await res.json()) as Record<string, unknown>;
}

async function spendOf(gateway: TestGateway): Promise<unknown> {
  const res = await fetch(`${gateway.url}/limits/spend`, { headers: bearer(ADMIN) });
  expect(res.status).to.equal(200);
  return res.json();
}

describe('team budgets: keys of one team share its spend and its budget', function () {
  this.timeout(30_000);
  let upstream: FakeUpstream;
  before(async () => {
    upstream = await new FakeUpstream({ record: false }).start();
  });
  after(() => upstream.stop());

  it('refuses every key of a team once the team together reached its budget (streams included), naming the team budget and how to raise it', async () => {
    const gateway = await gatewayFor([upstream.url], teamConfig());
    try {
      expect(await settle(await chat(gateway.url, ALICE), gateway)).to.equal(200); // eng 19
      expect(await settle(await chat(gateway.url, BOB, true), gateway)).to.equal(200); // eng 38
      expect(await settle(await chat(gateway.url, ALICE), gateway)).to.equal(200); // 38 < 40: allowed, eng 57
      for (const key of [ALICE, BOB]) {
        const refused = await chat(gateway.url, key);
        expect(refused.status).to.equal(429);
        expect(refused.headers.get('x-should-retry')).to.equal('false');
        const body = (await refused.json()) as { error: Record<string, unknown> };
        expect(body.error).to.deep.equal({
          message: 'Team budget exhausted: team "eng" (this key\'s team) has spent 57.000000 of its 40 USD. An operator raises it with limits.teams.eng.budget in the config (a reload applies it).',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
          param: null,
        });
      }
      // A key outside the team is not held by its budget.
      expect(await settle(await chat(gateway.url, SOLO), gateway)).to.equal(200);

      expect(await self(gateway, ALICE)).to.deep.include({
        id: 'alice',
        team: 'eng',
        team_spend: { team: 'eng', amount: 57, currency: 'USD', budget: 40 },
        spend: { amount: 38, currency: 'USD', budget: null },
      });
      expect((await self(gateway, BOB))['spend']).to.deep.equal({ amount: 19, currency: 'USD', budget: 1000 });
      expect(await self(gateway, SOLO)).to.not.have.property('team');
      expect((await self(gateway, SOLO))['team_spend']).to.equal(null);

      expect(await spendOf(gateway)).to.deep.equal({
        currency: 'USD',
        spend: { 'api_key:alice': 38, 'api_key:bob': 19, 'api_key:solo': 19 },
        teams: { eng: { spend: 57, budget: 40 }, idle: { spend: 0, budget: 5 } },
      });
      // No team label on any metric: teams are not bounded by the config.
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).to.not.match(/team="/);
    } finally {
      await gateway.close();
    }
  });

  it('keys created through /keys carry their team and count against it; a team member cannot mint keys outside the team', async () => {
    const gateway = await gatewayFor([upstream.url], teamConfig({}, 20));
    const createKey = (by: string, body: Record<string, unknown>) => postJson(`${gateway.url}/keys`, body, bearer(by));
    try {
      const created = await createKey(ADMIN, { id: 'carol', team: 'eng' });
      expect(created.status).to.equal(201);
      const carol = (await created.json()) as Record<string, unknown>;
      expect(carol).to.include({ id: 'carol', team: 'eng' });
      const listed = (await (await fetch(`${gateway.url}/keys/carol`, { headers: bearer(ADMIN) })).json()) as Record<string, unknown>;
      expect(listed['team']).to.equal('eng');

      expect(await settle(await chat(gateway.url, String(carol['key'])), gateway)).to.equal(200); // eng 19 < 20
      expect(await settle(await chat(gateway.url, ALICE), gateway)).to.equal(200); // eng 38
      expect((await chat(gateway.url, String(carol['key']))).status).to.equal(429);

      const invalid = await createKey(ADMIN, { id: 'bad', team: 'no spaces allowed' });
      expect(invalid.status).to.equal(400);
      const outside = await createKey(TEAM_ADMIN, { id: 'escape', team: 'other' });
      expect(outside.status).to.equal(403);
      const none = await createKey(TEAM_ADMIN, { id: 'escape2' });
      expect(none.status).to.equal(403);
      expect(((await none.json()) as { error: { message: string } }).error.message).to.contain('team "eng"');
      expect((await createKey(TEAM_ADMIN, { id: 'dave', team: 'eng' })).status).to.equal(201);
    } finally {
      await gateway.close();
    }
  });

  it('team spend is shared through Redis when limits use it', async () => {
    const redis = await startRedis();
    const config = teamConfig({ limits: { backend: 'redis', redis: { url: redis.url }, teams: { eng: { budget: 40 } } } });
    const a = await gatewayFor([upstream.url], config);
    const b = await gatewayFor([upstream.url], config);
    try {
      await settle(await chat(a.url, ALICE), a);
      await settle(await chat(b.url, BOB), b);
      await settle(await chat(a.url, BOB, true), a);
      expect((await chat(b.url, ALICE)).status).to.equal(429);
      expect(await spendOf(b)).to.deep.equal({
        currency: 'USD',
        spend: { 'api_key:alice': 19, 'api_key:bob': 38 },
        teams: { eng: { spend: 57, budget: 40 } },
      });
      expect((await self(a, BOB))['team_spend']).to.deep.equal({ team: 'eng', amount: 57, currency: 'USD', budget: 40 });
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  });

  it('a reload raising the team budget lets the team spend again (no restart)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-team-'));
    const path = join(dir, 'gateway.yaml');
    const config = (budget: number) => ({ ...teamConfig({}, budget), workers: [{ url: upstream.url, models: ['fake-model'] }] });
    writeFileSync(path, stringify(config(10)));
    const gateway = await startGateway(config(10), { configSource: { name: path, file: path, read: () => readConfigFile(path) } });
    try {
      expect(await settle(await chat(gateway.url, ALICE), gateway)).to.equal(200);
      expect((await chat(gateway.url, ALICE)).status).to.equal(429);
      writeFileSync(path, stringify(config(100)));
      const reload = await fetch(`${gateway.url}/config/reload`, { method: 'POST', headers: bearer(ADMIN) });
      const outcome = (await reload.json()) as Record<string, unknown>;
      expect(reload.status, JSON.stringify(outcome)).to.equal(200);
      expect(JSON.stringify(outcome)).to.not.contain('limits');
      expect(await settle(await chat(gateway.url, ALICE), gateway)).to.equal(200);
      expect((await self(gateway, ALICE))['team_spend']).to.deep.equal({ team: 'eng', amount: 38, currency: 'USD', budget: 100 });
    } finally {
      await gateway.close();
    }
  });
});
