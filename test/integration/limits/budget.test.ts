import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { gatewayFor, postJson, type TestGateway } from '../../support/start-gateway.js';
import { requestsSettled } from '../../support/wait-for.js';
import { startRedis } from '../../support/redis-server.js';
import { bearer } from '../../support/auth-fixture.js';

// The fake upstream reports 7 prompt + 6 completion tokens per request.
// At 1,000,000 per million tokens each request costs 7 + 6 * 2 = 19 (currency units).
const PRICED = { 'fake-model': { pricing: { prompt_per_million: 1_000_000, completion_per_million: 2_000_000 } } };
const KEY = 'sk-budget-key-0001';
const ADMIN = 'sk-budget-admin-0001';

function budgetConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    auth: { api_keys: [{ id: 'spender', key: KEY, budget: 40 }, { id: 'free', key: 'sk-no-budget-0001' }], control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
    models: PRICED,
    pipeline: ['budget', 'upstream'],
    ...extra,
  };
}

const chat = (url: string, key: string, stream = false) =>
  postJson(`${url}/v1/chat/completions`, { model: 'fake-model', stream, messages: [{ role: 'user', content: 'x' }] }, bearer(key));

/** The response read to its end, and the gateway done with it (spend is recorded then). */
async function settle(res: Response, gateway: TestGateway): Promise<number> {
  await res.text();
  await requestsSettled(gateway.app);
  return res.status;
}

describe('budgets', () => {
  let upstream: FakeUpstream;
  before(async () => {
    upstream = await new FakeUpstream({ record: false }).start();
  });
  after(() => upstream.stop());

  it('refuses a key once its spend (streams included) reaches its budget, with a clear error; others go on', async () => {
    const gateway = await gatewayFor([upstream.url], budgetConfig());
    try {
      expect(await settle(await chat(gateway.url, KEY), gateway)).to.equal(200); // 19 spent
      expect(await settle(await chat(gateway.url, KEY, true), gateway)).to.equal(200); // 38 spent
      expect(await settle(await chat(gateway.url, KEY), gateway)).to.equal(200); // 38 < 40: allowed, now 57
      const refused = await chat(gateway.url, KEY);
      expect(refused.status).to.equal(429);
      expect(refused.headers.get('x-should-retry')).to.equal('false');
      const body = (await refused.json()) as { error: Record<string, unknown> };
      expect(body.error).to.deep.equal({
        message: 'Budget exhausted: this key has spent 57.000000 of its 40 USD. An admin raises it with PATCH /keys/{id} {"budget": …} (or in auth.api_keys for a key defined in the config).',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
        param: null,
      });
      expect(await settle(await chat(gateway.url, 'sk-no-budget-0001'), gateway)).to.equal(200);
      // An admin reads it (the dashboard's Keys panel joins it with each key's budget from GET /keys).
      expect((await fetch(`${gateway.url}/limits/spend`)).status, 'control plane only').to.equal(401);
    } finally {
      await gateway.close();
    }
  });

  it('GET /v1/keys/self shows the spend the budget stage reads, and the key\'s budget', async () => {
    const gateway = await gatewayFor([upstream.url], budgetConfig());
    const self = async (key: string) => {
      const res = await fetch(`${gateway.url}/v1/keys/self`, { headers: bearer(key) });
      expect(res.status).to.equal(200);
      return (await res.json()) as Record<string, unknown>;
    };
    try {
      expect((await self(KEY))['spend']).to.deep.equal({ amount: 0, currency: 'USD', budget: 40 });
      expect(await settle(await chat(gateway.url, KEY), gateway)).to.equal(200);
      expect(await settle(await chat(gateway.url, KEY, true), gateway)).to.equal(200);
      // Two priced requests at 7 + 6 * 2 = 19 each.
      expect((await self(KEY))['spend']).to.deep.equal({ amount: 38, currency: 'USD', budget: 40 });
      // A key without a budget is metered all the same (a budget granted later counts it).
      expect(await settle(await chat(gateway.url, 'sk-no-budget-0001'), gateway)).to.equal(200);
      expect(await self('sk-no-budget-0001')).to.deep.include({ id: 'free', spend: { amount: 19, currency: 'USD', budget: null } });
    } finally {
      await gateway.close();
    }
  });

  it('spend survives a restart (state directory)', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sy-spend-'));
    const first = await gatewayFor([upstream.url], budgetConfig(), { stateDir });
    await settle(await chat(first.url, KEY), first);
    await settle(await chat(first.url, KEY), first);
    await settle(await chat(first.url, KEY), first);
    expect(await (await fetch(`${first.url}/limits/spend`, { headers: bearer(ADMIN) })).json()).to.deep.equal({ currency: 'USD', spend: { 'api_key:spender': 57 }, teams: {} });
    await first.close();
    const second = await gatewayFor([upstream.url], budgetConfig(), { stateDir });
    try {
      expect((await chat(second.url, KEY)).status).to.equal(429);
    } finally {
      await second.close();
    }
  });

  it('spend is shared through Redis when limits use it', async () => {
    const redis = await startRedis();
    const config = budgetConfig({ limits: { backend: 'redis', redis: { url: redis.url } } });
    const a = await gatewayFor([upstream.url], config);
    const b = await gatewayFor([upstream.url], config);
    try {
      await settle(await chat(a.url, KEY), a);
      await settle(await chat(b.url, KEY), b);
      await settle(await chat(a.url, KEY), a);
      expect((await chat(b.url, KEY)).status).to.equal(429);
      const spend: unknown = await (await fetch(`${b.url}/limits/spend`, { headers: bearer(ADMIN) })).json();
      expect(spend, 'every replica reads the shared spend').to.deep.equal({ currency: 'USD', spend: { 'api_key:spender': 57 }, teams: {} });
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  });

  it("a route's default_budget holds keys without their own, and its refusal says where to raise it", async () => {
    const gateway = await gatewayFor([upstream.url], budgetConfig({ stages: { budget: { default_budget: 10 } } }));
    try {
      expect(await settle(await chat(gateway.url, 'sk-no-budget-0001'), gateway)).to.equal(200); // 19 spent
      const refused = await chat(gateway.url, 'sk-no-budget-0001');
      expect(refused.status).to.equal(429);
      const body = (await refused.json()) as { error: { message: string } };
      expect(body.error.message).to.equal("Budget exhausted: this key has spent 19.000000 of its 10 USD. An operator raises the route's default with the budget stage's default_budget, or gives the key its own budget.");
    } finally {
      await gateway.close();
    }
  });

  it('unpriced models cost nothing', async () => {
    const gateway = await gatewayFor([upstream.url], budgetConfig({ models: {} }));
    try {
      for (let i = 0; i < 4; i++) expect(await settle(await chat(gateway.url, KEY), gateway)).to.equal(200);
    } finally {
      await gateway.close();
    }
  });
});
