import { expect } from 'chai';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway } from '../../support/start-gateway.js';

const ADMIN = 'sk-policies-admin-0001';

describe('routing policies through the gateway, with several fake workers', function () {
  this.timeout(20_000);
  let fakes: FakeUpstream[];
  before(async () => {
    fakes = await Promise.all(Array.from({ length: 4 }, () => new FakeUpstream().start()));
  });
  after(() => Promise.all(fakes.map((f) => f.stop())));
  beforeEach(() => fakes.forEach((f) => f.reset()));
  const workers = (n: number, extra: Record<string, unknown> = {}) => fakes.slice(0, n).map((f) => ({ url: f.url, models: ['fake-model'], ...extra }));
  const counts = () => fakes.map((f) => f.chatBodies().length);

  it('cache_aware keeps a repeated prefix on one worker', async () => {
    const g = await startGateway({ workers: workers(3), routing: { policy: 'cache_aware' } });
    try {
      const system = 'You are the long-lived system prompt of a very chatty agent. '.repeat(20);
      for (let i = 0; i < 12; i++) {
        await postJson(`${g.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'system', content: system }, { role: 'user', content: `turn ${i}` }] });
      }
      expect(counts().slice(0, 3).sort((a, b) => b - a)).to.deep.equal([12, 0, 0]);
    } finally {
      await g.close();
    }
  });

  it('least_load avoids a slow worker', async () => {
    fakes[0]!.delayFirstByte(300);
    const g = await startGateway({ workers: workers(3), routing: { policy: 'least_load' } });
    try {
      // Keep 12 requests in flight at once; the slow worker holds its first ones, so new ones go elsewhere.
      const started = Date.now();
      const all: Promise<Response>[] = [];
      for (let i = 0; i < 30; i++) {
        all.push(postJson(`${g.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: `${i}` }] }));
        await new Promise((r) => setTimeout(r, 10));
      }
      await Promise.all(all);
      const [slow, b, c] = counts();
      expect(slow).to.be.below(b! / 2);
      expect(slow).to.be.below(c! / 2);
      expect(Date.now() - started).to.be.below(3000);
    } finally {
      await g.close();
    }
  });

  it('consistent_hash keeps sessions on their worker, and adding a worker moves only some of them', async () => {
    const g = await startGateway({
      workers: workers(3),
      routing: { policy: 'consistent_hash' },
      auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
      security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
    });
    try {
      const placement = async (): Promise<number[]> => {
        const out: number[] = [];
        for (let s = 0; s < 40; s++) {
          fakes.forEach((f) => f.reset());
          await postJson(`${g.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }, { 'x-session-id': `session-${s}` });
          out.push(counts().findIndex((n) => n === 1));
        }
        return out;
      };
      const first = await placement();
      expect(await placement()).to.deep.equal(first);
      expect(new Set(first).size).to.equal(3);
      const added = await fetch(`${g.url}/workers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: fakes[3]!.url, models: [{ id: 'fake-model' }] }),
      });
      expect(added.status).to.equal(201);
      const after = await placement();
      const moved = after.filter((w, i) => w !== first[i]);
      expect(moved.every((w) => w === 3), 'sessions only move to the new worker').to.equal(true);
      expect(moved.length).to.be.within(3, 20);
    } finally {
      await g.close();
    }
  });

  it('priority sends everything to the preferred worker while it is healthy', async () => {
    const g = await startGateway({ workers: [{ url: fakes[0]!.url, models: ['fake-model'], priority: 1 }, { url: fakes[1]!.url, models: ['fake-model'], priority: 9 }], routing: { policy: 'priority' } });
    try {
      for (let i = 0; i < 5; i++) await postJson(`${g.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] });
      expect(counts().slice(0, 2)).to.deep.equal([0, 5]);
    } finally {
      await g.close();
    }
  });

  it('prefill/decode: one of each gets the request with SGLang bootstrap fields; the client gets the decode answer', async () => {
    fakes[0]!.replyWords = ['prefill-only'];
    const g = await startGateway({
      workers: [
        { url: fakes[0]!.url, models: ['fake-model'], worker_type: 'prefill', bootstrap_port: 8998 },
        { url: fakes[1]!.url, models: ['fake-model'], worker_type: 'decode' },
      ],
    });
    try {
      const res = await postJson(`${g.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] });
      const body = (await res.json()) as { choices: { message: { content: string } }[] };
      expect(body.choices[0]?.message.content).to.equal('Hello from the fake upstream.');
      const [prefill] = fakes[0]!.chatBodies();
      const [decode] = fakes[1]!.chatBodies();
      expect(prefill).to.deep.include({ bootstrap_host: '127.0.0.1', bootstrap_port: 8998 });
      expect(decode?.['bootstrap_room']).to.equal(prefill?.['bootstrap_room']);
      expect(decode?.['bootstrap_room']).to.be.a('number');
    } finally {
      fakes[0]!.replyWords = ['Hello', ' from', ' the', ' fake', ' upstream', '.'];
      await g.close();
    }
  });
});
