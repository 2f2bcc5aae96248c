import { expect } from 'chai';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { bearer } from '../../support/auth-fixture.js';
import { A2aTestAgent } from '../../support/a2a-test-agent.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { McpTestServer } from '../../support/mcp-test-server.js';
import { startGatewayProcess, type GatewayProcess } from '../../support/gateway-process.js';
import { startRedis, type TestRedis } from '../../support/redis-server.js';
import { waitFor } from '../../support/wait-for.js';

const ADMIN = 'sk-ha-admin-0001';
const USER = 'sk-ha-user-0001';
const LIMITED = 'sk-ha-limited-0001';
const HOUR = 3_600_000;
const DEADLINE = 20_000;
const UPSTREAM_SECRET = 'sk-upstream-secret-never-in-redis-0001';

interface Replica {
  readonly id: string;
  readonly stateDir: string;
  readonly moduleRoot: string;
  process: GatewayProcess;
}

interface StatusBody {
  backend: string;
  self: Record<string, unknown>;
  members: { id: string }[];
  redis: { connected: boolean; last_sync_at: string | null };
}

const admin = { ...bearer(ADMIN), 'content-type': 'application/json' };

async function getJson<T>(url: string, headers: Record<string, string> = bearer(ADMIN)): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

function chat(url: string, key: string, model: string, content = 'hi'): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(key) },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  });
}

let lastBody = '';
async function statusOf(url: string, key = USER, model = 'shared-model', content = 'hi'): Promise<number> {
  const res = await chat(url, key, model, content);
  lastBody = await res.text();
  return res.status;
}

/** Keeps the rate-limit burst inside one clock-aligned window. */
async function awayFromWindowEdge(windowMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < 20_000) await new Promise((r) => setTimeout(r, left + 50));
}

describe('ha: three replicas on one Redis act as one', function () {
  this.timeout(400_000);
  let redis: TestRedis;
  let upstream: FakeUpstream;
  const replicas: Replica[] = [];

  const configOf = (replica: Replica): Record<string, unknown> => ({
    auth: {
      api_keys: [
        { id: 'user', key: USER },
        { id: 'limited', key: LIMITED, limits: { rpm: 40 } },
      ],
      control_plane_api_keys: [{ id: 'ops', key: ADMIN }],
    },
    security: { ssrf: { allow_cidrs: ['127.0.0.0/8'] } },
    wasm: { enabled: true, module_roots: [replica.moduleRoot] },
    limits: { backend: 'redis', redis: { url: redis.url, timeout_ms: 2000 } },
    pipeline: ['rate-limit', 'upstream'],
    stages: { 'rate-limit': { window_ms: HOUR } },
    ha: { backend: 'redis', redis: { url: redis.url }, replica_id: replica.id, seal_key: 'ha-test-seal-key-0123456789abcdef0123', heartbeat_ms: 200, member_ttl_ms: 2000, resync_ms: 500 },
    log: { level: 'info' },
  });

  before(async () => {
    redis = await startRedis();
    upstream = await new FakeUpstream().start();
    upstream.models = ['shared-model'];
    const reject = readFileSync(join(PACKAGE_ROOT, 'wasm-modules', 'fixtures', 'reject.wasm'));
    for (const id of ['r1', 'r2', 'r3']) {
      const moduleRoot = mkdtempSync(join(tmpdir(), `sy-ha-modules-${id}-`));
      if (id === 'r3') {
        // r3's copy is corrupt: one byte differs, so its SHA-256 is not the registered one.
        const corrupt = Buffer.from(reject);
        corrupt[corrupt.length - 1] = corrupt[corrupt.length - 1]! ^ 0xff;
        writeFileSync(join(moduleRoot, 'reject.wasm'), corrupt);
      } else {
        copyFileSync(join(PACKAGE_ROOT, 'wasm-modules', 'fixtures', 'reject.wasm'), join(moduleRoot, 'reject.wasm'));
      }
      replicas.push({ id, stateDir: mkdtempSync(join(tmpdir(), `sy-ha-state-${id}-`)), moduleRoot, process: undefined as unknown as GatewayProcess });
    }
    // Side by side: three processes booting one after the other would triple the wait.
    await Promise.all(replicas.map(async (r) => (r.process = await startGatewayProcess(configOf(r), ['--state-dir', r.stateDir]))));
  });

  afterEach(function () {
    // A failure shows what the replicas logged above warn level (never a secret: the gateway logs none).
    if (this.currentTest?.state !== 'failed') return;
    for (const r of replicas) {
      const lines = (r.process?.output() ?? '').split('\n').filter((l) => /"level":(40|50|60)/.test(l));
      console.log(`--- ${r.id} warnings and errors:\n${lines.slice(-20).join('\n')}`);
    }
  });

  after(async () => {
    await Promise.all(replicas.map((r) => r.process?.kill()));
    await upstream?.stop();
    await redis?.stop();
  });

  it('GET /ha/status on every replica lists all three, in the shape the dashboard renders', async () => {
    for (const replica of replicas) {
      const status = await waitFor(`${replica.id} to see three members`, async () => {
        const { body } = await getJson<StatusBody>(`${replica.process.url}/ha/status`);
        return body.members.length === 3 ? body : undefined;
      }, DEADLINE);
      expect(status.backend).to.equal('redis');
      expect(Object.keys(status.self).sort()).to.deep.equal(['address', 'config_version', 'id', 'load', 'started_at', 'version']);
      expect(status.self['id']).to.equal(replica.id);
      expect(status.members.map((m) => m.id)).to.deep.equal(['r1', 'r2', 'r3']);
      expect(status.redis.connected).to.equal(true);
      expect(status.redis.last_sync_at).to.be.a('string');
    }
    const health = await getJson<{ status: string }>(`${replicas[0]!.process.url}/ha/health`);
    expect(health.body.status).to.equal('ok');
    expect((await fetch(`${replicas[0]!.process.url}/ha/status`)).status, 'control plane').to.equal(401);
  });

  it('a worker registered on one replica serves traffic through the other two', async () => {
    const [r1, r2, r3] = replicas as [Replica, Replica, Replica];
    expect(await statusOf(r2.process.url)).to.not.equal(200);
    const registered = await fetch(`${r1.process.url}/workers`, { method: 'POST', headers: admin, body: JSON.stringify({ url: upstream.url, api_key: UPSTREAM_SECRET }) });
    expect(registered.status, await registered.clone().text()).to.equal(201);
    const { id } = (await registered.json()) as { id: string };
    const started = Date.now();
    // Propagation measured on the cheap admin view, both replicas polled side by side …
    const seenAfter = await Promise.all(
      [r2, r3].map(async (replica) => {
        await waitFor(`${replica.id} to list the worker`, async () => (await fetch(`${replica.process.url}/workers/${id}`, { headers: bearer(ADMIN) })).status === 200, DEADLINE);
        return Date.now() - started;
      }),
    );
    // … not asserted tightly (the machine is shared); the design target is under a second.
    console.log(`      worker listed on r2, r3 after ${seenAfter.join(', ')} ms`);
    for (const replica of [r2, r3]) await waitFor(`${replica.id} to serve the worker`, async () => (await statusOf(replica.process.url)) === 200, DEADLINE);
    expect(JSON.parse(readFileSync(join(r2.stateDir, 'workers.json'), 'utf8'))).to.have.length(1);
    // With ha.seal_key every registry is sealed in Redis: the worker's credential is not there in clear.
    const client = new Redis(redis.url);
    try {
      const stored = await client.hgetall('switchyard:ha:state');
      expect(Object.keys(stored)).to.include('workers.json');
      for (const value of Object.values(stored)) {
        expect(value.startsWith('sealed:v1:')).to.equal(true);
        expect(value).to.not.contain(UPSTREAM_SECRET);
      }
    } finally {
      client.disconnect();
    }
  });

  it('a key created on one replica works on all; revoked on another, it is refused by all', async () => {
    const [r1, r2, r3] = replicas as [Replica, Replica, Replica];
    const created = await fetch(`${r1.process.url}/keys`, { method: 'POST', headers: admin, body: JSON.stringify({ id: 'shared-key' }) });
    expect(created.status).to.equal(201);
    const { key } = (await created.json()) as { key: string };
    for (const replica of replicas) await waitFor(`${replica.id} to accept the new key`, async () => (await statusOf(replica.process.url, key)) === 200, DEADLINE);
    // Only the digest travels: the clear secret is in no state file.
    for (const replica of replicas) expect(readFileSync(join(replica.stateDir, 'api-keys.json'), 'utf8')).to.not.contain(key);
    expect((await fetch(`${r2.process.url}/keys/shared-key`, { method: 'DELETE', headers: bearer(ADMIN) })).status).to.equal(200);
    for (const replica of [r1, r2, r3]) await waitFor(`${replica.id} to refuse the revoked key`, async () => (await statusOf(replica.process.url, key)) === 401, DEADLINE);
  });

  it('a WASM policy registered on one replica is enforced by the others; a corrupt copy is refused and reported', async () => {
    const [r1, r2, r3] = replicas as [Replica, Replica, Replica];
    const res = await fetch(`${r1.process.url}/wasm`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ modules: [{ name: 'deny-word', file_path: 'reject.wasm', attach_points: [{ Middleware: 'OnRequest' }] }] }),
    });
    expect(res.status, await res.clone().text()).to.equal(200);
    const uuid = ((await res.json()) as { modules: { add_result: { Success: string } }[] }).modules[0]!.add_result.Success;
    for (const replica of [r1, r2]) await waitFor(`${replica.id} to enforce the policy`, async () => (await statusOf(replica.process.url, USER, 'shared-model', 'a forbidden-word here')) === 403, DEADLINE);
    const refused = await waitFor('r3 to report the corrupt copy', async () => {
      const { body } = await getJson<{ wasm?: { shared_modules_refused?: { name: string; reason: string }[] } }>(`${r3.process.url}/health`, {});
      return body.wasm?.shared_modules_refused?.find((m) => m.name === 'deny-word');
    }, DEADLINE);
    expect(refused.reason).to.contain('SHA-256');
    // r3 serves no other policy in its place.
    const modules = await getJson<unknown>(`${r3.process.url}/wasm`);
    expect(JSON.stringify(modules.body)).to.not.contain('deny-word');
    expect(await statusOf(r1.process.url), 'other requests pass').to.equal(200);
    // Removed on another replica: it retires everywhere.
    expect((await fetch(`${r2.process.url}/wasm/${uuid}`, { method: 'DELETE', headers: bearer(ADMIN) })).status).to.equal(200);
    for (const replica of [r1, r2]) await waitFor(`${replica.id} to drop the policy`, async () => (await statusOf(replica.process.url, USER, 'shared-model', 'a forbidden-word here')) === 200, DEADLINE);
  });

  it('one rate limit is exact across the three under concurrency', async () => {
    await awayFromWindowEdge(HOUR);
    const pools = replicas.map((r) => new Pool(r.process.url, { connections: 20 }));
    try {
      const statuses = await Promise.all(
        Array.from({ length: 150 }, async (_, i) => {
          const res = await pools[i % pools.length]!.request({
            method: 'POST',
            path: '/v1/chat/completions',
            headers: { 'content-type': 'application/json', ...bearer(LIMITED) },
            body: JSON.stringify({ model: 'shared-model', messages: [{ role: 'user', content: 'hi' }] }),
          });
          await res.body.dump();
          return res.statusCode;
        }),
      );
      expect(statuses.filter((s) => s === 200)).to.have.length(40);
      expect(statuses.filter((s) => s === 429)).to.have.length(110);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });

  it('POST /ha/config maintenance=true on one replica holds the data plane of all three, until set false', async () => {
    const [r1, r2, r3] = replicas as [Replica, Replica, Replica];
    const set = await fetch(`${r1.process.url}/ha/config`, { method: 'POST', headers: admin, body: JSON.stringify({ key: 'maintenance', value: true }) });
    expect(set.status).to.equal(200);
    const seen = await waitFor('r3 to read the setting', async () => {
      const res = await getJson<{ value: unknown }>(`${r3.process.url}/ha/config/maintenance`);
      return res.status === 200 ? res.body : undefined;
    }, DEADLINE);
    expect(seen.value).to.equal(true);
    for (const replica of replicas) {
      await waitFor(`${replica.id} to hold traffic`, async () => (await statusOf(replica.process.url)) === 503, DEADLINE);
      expect(lastBody).to.contain('GW_ERR_GATEWAY_MAINTENANCE');
      expect((await getJson<{ status: string }>(`${replica.process.url}/readiness`, {})).body.status).to.equal('maintenance');
      expect((await getJson<StatusBody>(`${replica.process.url}/ha/status`)).status, 'control plane stays up').to.equal(200);
    }
    expect((await fetch(`${r2.process.url}/ha/config`, { method: 'POST', headers: admin, body: JSON.stringify({ key: 'maintenance', value: false }) })).status).to.equal(200);
    for (const replica of replicas) await waitFor(`${replica.id} to serve again`, async () => (await statusOf(replica.process.url)) === 200, DEADLINE);
    const bad = await fetch(`${r1.process.url}/ha/config`, { method: 'POST', headers: admin, body: JSON.stringify({ key: 'Bad Key' }) });
    expect(bad.status).to.equal(400);
    const text = await bad.text();
    expect(text).to.contain('/key').and.to.contain('value');
  });

  it('a config overlay set on one replica (/admin/config/update) applies on every replica', async () => {
    const [r1, , r3] = replicas as [Replica, Replica, Replica];
    const versionOf = async (replica: Replica): Promise<unknown> => (await getJson<StatusBody>(`${replica.process.url}/ha/status`)).body.self['config_version'];
    const before = await versionOf(r3);
    const res = await fetch(`${r1.process.url}/admin/config/update`, { method: 'POST', headers: admin, body: JSON.stringify({ log: { level: 'warn' } }) });
    expect(res.status, await res.clone().text()).to.equal(200);
    await waitFor('r3 to apply the overlay', async () => JSON.stringify((await getJson<{ overlay: unknown }>(`${r3.process.url}/admin/config/update`)).body.overlay) === JSON.stringify({ log: { level: 'warn' } }), DEADLINE);
    // Applied by a reload over r3's own base config: its config version moved on.
    expect(await versionOf(r3)).to.not.equal(before);
  });

  it('MCP servers and A2A agents registered on one replica are listed (and removed) on the others', async () => {
    const [r1, r2, r3] = replicas as [Replica, Replica, Replica];
    const mcp = await new McpTestServer().start();
    const agent = await new A2aTestAgent({ name: 'Echo agent' }).start();
    try {
      const server = await fetch(`${r1.process.url}/mcp/servers`, { method: 'POST', headers: admin, body: JSON.stringify({ server_id: 'calc', name: 'Calculator', url: `${mcp.url}/mcp` }) });
      expect(server.status, await server.clone().text()).to.be.oneOf([200, 201]);
      const registered = await fetch(`${r2.process.url}/a2a/agents`, { method: 'POST', headers: admin, body: JSON.stringify({ agent_id: 'echo', name: 'Echo', url: agent.url }) });
      expect(registered.status, await registered.clone().text()).to.be.oneOf([200, 201]);
      await waitFor('r3 to list the MCP server', async () => (await fetch(`${r3.process.url}/mcp/servers/calc`, { headers: bearer(ADMIN) })).status === 200, DEADLINE);
      await waitFor('r3 to list the A2A agent', async () => (await fetch(`${r3.process.url}/a2a/agents/echo`, { headers: bearer(ADMIN) })).status === 200, DEADLINE);
      expect((await fetch(`${r3.process.url}/mcp/servers/calc`, { method: 'DELETE', headers: bearer(ADMIN) })).status).to.equal(200);
      await waitFor('r1 to drop the MCP server', async () => (await fetch(`${r1.process.url}/mcp/servers/calc`, { headers: bearer(ADMIN) })).status === 404, DEADLINE);
    } finally {
      await mcp.stop();
      await agent.stop();
    }
  });

  it('Redis restarted mid-test: traffic continues, writes made meanwhile are replayed, registries converge', async () => {
    const [r1, r2, r3] = replicas as [Replica, Replica, Replica];
    const port = redis.port;
    await redis.stop();
    await waitFor('r1 to notice Redis is down', async () => (await getJson<{ status: string }>(`${r1.process.url}/ha/health`)).body.status === 'degraded', DEADLINE);
    for (const replica of replicas) expect(await statusOf(replica.process.url), `${replica.id} serves on its last good state: ${lastBody}`).to.equal(200);
    const readiness = await getJson<{ status: string; ha?: { redis: string } }>(`${r1.process.url}/readiness`, {});
    expect(readiness.body).to.deep.include({ status: 'ready' });
    expect(readiness.body.ha?.redis, '/readiness says what is off').to.equal('unreachable');
    // A write while Redis is down: kept here, queued, replayed when Redis is back.
    const created = await fetch(`${r2.process.url}/keys`, { method: 'POST', headers: admin, body: JSON.stringify({ id: 'made-offline' }) });
    expect(created.status).to.equal(201);
    const { key } = (await created.json()) as { key: string };
    expect((await getJson<{ pending_writes: number }>(`${r2.process.url}/ha/health`)).body.pending_writes).to.be.greaterThan(0);
    // Back on the same port, empty (no persistence): the replicas re-seed it from their state.
    redis = await startRedis(port);
    for (const replica of [r1, r3]) await waitFor(`${replica.id} to accept the key made while Redis was down`, async () => (await statusOf(replica.process.url, key)) === 200, DEADLINE);
    for (const replica of replicas) {
      await waitFor(`${replica.id} to report Redis connected`, async () => (await getJson<StatusBody>(`${replica.process.url}/ha/status`)).body.redis.connected, DEADLINE);
      expect(await statusOf(replica.process.url), `${replica.id} still serves the shared worker`).to.equal(200);
    }
    await waitFor('every replica back in /ha/status', async () => (await getJson<StatusBody>(`${r1.process.url}/ha/status`)).body.members.length === 3, DEADLINE);
  });

  it('a replica killed with SIGKILL leaves /ha/status within the TTL', async () => {
    const [r1, , r3] = replicas as [Replica, Replica, Replica];
    await r3.process.kill();
    const killedAt = Date.now();
    await waitFor('r3 to leave the members', async () => !(await getJson<StatusBody>(`${r1.process.url}/ha/status`)).body.members.some((m) => m.id === 'r3'), DEADLINE);
    console.log(`      killed replica gone after ${Date.now() - killedAt} ms (TTL 2000 ms)`);
  });

  it('POST /ha/shutdown naming another replica drains and stops it', async () => {
    const [r1, r2] = replicas as [Replica, Replica, Replica];
    const unknown = await fetch(`${r1.process.url}/ha/shutdown`, { method: 'POST', headers: admin, body: JSON.stringify({ replica_id: 'nobody' }) });
    expect(unknown.status).to.equal(404);
    // r2 must be a member in r1's view first: after the Redis restart above, a loaded machine has
    // been seen to miss r2's heartbeats past the 2 s TTL for a moment (CI, once).
    await waitFor('r1 to see r2 as a member', async () => (await getJson<StatusBody>(`${r1.process.url}/ha/status`)).body.members.some((m) => m.id === 'r2'), DEADLINE);
    const exited = new Promise<number | null>((resolve) => r2.process.child.once('exit', (code) => resolve(code)));
    const res = await fetch(`${r1.process.url}/ha/shutdown`, { method: 'POST', headers: admin, body: JSON.stringify({ replica_id: 'r2' }) });
    expect(res.status).to.equal(202);
    expect(await exited, 'a drain exits 0').to.equal(0);
    await waitFor('r2 to leave the members at once (clean stop)', async () => !(await getJson<StatusBody>(`${r1.process.url}/ha/status`)).body.members.some((m) => m.id === 'r2'), DEADLINE);
  });
});
