import { expect } from 'chai';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { stringify } from 'yaml';
import { readConfigFile } from '../../core/config/load-config.js';
import { FakeUpstream } from '../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../support/start-gateway.js';
import { readSseEvents } from '../support/read-sse.js';
import { waitFor } from '../support/wait-for.js';
import { registerModule } from '../support/wasm-admin.js';
import { PACKAGE_ROOT } from '../../core/package-root.js';

const EXAMPLES = join(PACKAGE_ROOT, 'wasm-modules', 'examples');

const ADMIN = 'sk-reload-admin-0001';
const chat = { model: 'fake-model', messages: [{ role: 'user' as const, content: 'hello' }] };

/** A config file the test rewrites, as an operator would. */
function configFile(content: Record<string, unknown>): { path: string; write(next: Record<string, unknown>): void; source: { name: string; file: string; read(): unknown } } {
  const dir = mkdtempSync(join(tmpdir(), 'sy-reload-'));
  const path = join(dir, 'gateway.yaml');
  writeFileSync(path, stringify(content));
  return {
    path,
    write: (next) => writeFileSync(path, stringify(next)),
    source: { name: path, file: path, read: () => readConfigFile(path) },
  };
}

async function admin(g: TestGateway, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${g.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('hot configuration: reload without a restart and without a failed request', function () {
  this.timeout(120_000);
  let a: FakeUpstream;
  let b: FakeUpstream;
  before(async () => {
    [a, b] = await Promise.all([new FakeUpstream({ record: false }).start(), new FakeUpstream({ record: false }).start()]);
  });
  after(() => Promise.all([a.stop(), b.stop()]));

  const auth = { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] };
  /** Two configs that differ in pipeline, stage settings and workers. */
  const configA = () => ({ auth, workers: [{ url: a.url, models: ['fake-model'] }], pipeline: ['upstream'], stages: { upstream: { stream_usage: 'inject' } } });
  const configB = () => ({
    auth,
    workers: [{ url: a.url, models: ['fake-model'] }, { url: b.url, models: ['fake-model'] }],
    pipeline: ['rate-limit', 'upstream'],
    stages: { 'rate-limit': { default_limits: { rpm: 1_000_000 } }, upstream: { stream_usage: 'passthrough' } },
  });

  it('50 reloads alternating two configs under load: 0 failed requests, 0 truncated streams, each answer from exactly one config', async () => {
    const file = configFile(configA());
    const g = await startGateway(configA(), { configSource: file.source });
    try {
      const versions = new Map<string, 'A' | 'B'>();
      versions.set(g.app.configVersion, 'A');
      const client = new OpenAI({ baseURL: `${g.url}/v1`, apiKey: 'unused', maxRetries: 0 });
      let stop = false;
      const failures: string[] = [];
      const seen: { version: string; limited: boolean }[] = [];
      const load = async (worker: number): Promise<void> => {
        for (let i = 0; !stop && i < 10_000; i++) {
          try {
            if ((i + worker) % 2 === 0) {
              const { data, response } = await client.chat.completions.create({ ...chat, stream: true }).withResponse();
              let text = '';
              for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
              if (text !== 'Hello from the fake upstream.') failures.push(`truncated stream: ${text}`);
              seen.push({ version: response.headers.get('x-config-version') ?? '', limited: response.headers.has('x-ratelimit-limit') });
            } else {
              const { data, response } = await client.chat.completions.create(chat).withResponse();
              if (data.choices[0]?.message.content !== 'Hello from the fake upstream.') failures.push('bad answer');
              seen.push({ version: response.headers.get('x-config-version') ?? '', limited: response.headers.has('x-ratelimit-limit') });
            }
          } catch (err) {
            failures.push(String(err));
          }
        }
      };
      const loaders = [load(0), load(1), load(2), load(3)];
      for (let i = 0; i < 50; i++) {
        const next = i % 2 === 0 ? configB() : configA();
        file.write(next);
        const outcome = await admin(g, 'POST', '/config/reload');
        expect(outcome.status, JSON.stringify(outcome.body)).to.equal(200);
        versions.set(String(outcome.body['config_version']), i % 2 === 0 ? 'B' : 'A');
      }
      stop = true;
      await Promise.all(loaders);
      expect(failures).to.deep.equal([]);
      expect(seen.length).to.be.greaterThan(50);
      expect(versions.size, 'two configs, two versions').to.equal(2);
      for (const { version, limited } of seen) {
        const which = versions.get(version);
        expect(which, `unknown version ${version}`).to.not.equal(undefined);
        // Config B runs rate-limit (its headers on every answer); config A does not.
        expect(limited, `an answer of config ${which} ${limited ? 'with' : 'without'} rate-limit headers`).to.equal(which === 'B');
      }

      // A broken config: refused with every error, nothing changes, traffic unaffected.
      const before = g.app.configVersion;
      file.write({ ...configA(), server: { port: 'eighty', bogus: 1 } });
      const refused = await admin(g, 'POST', '/config/reload');
      expect(refused.status).to.equal(400);
      expect(JSON.stringify(refused.body)).to.contain('/server/port: must be integer').and.to.contain('/server/bogus: is not a known property');
      file.write({ ...configA(), pipeline: ['no-such-stage', 'upstream'] });
      const unbuildable = await admin(g, 'POST', '/config/reload');
      expect(unbuildable.status).to.equal(400);
      expect(JSON.stringify(unbuildable.body)).to.contain('unknown stage \\"no-such-stage\\"');
      expect(g.app.configVersion).to.equal(before);
      expect((await postJson(`${g.url}/v1/chat/completions`, chat)).status).to.equal(200);
    } finally {
      await g.close();
    }
  });

  it('a reload that removes a worker drains it: its stream finishes, new requests go elsewhere', async () => {
    const only = (url: string) => ({ auth, workers: [{ url, models: ['fake-model'] }] });
    const file = configFile(only(a.url));
    const g = await startGateway(only(a.url), { configSource: file.source });
    const release = a.holdStreamsAfter(2);
    try {
      const res = await postJson(`${g.url}/v1/chat/completions`, { ...chat, stream: true });
      file.write(only(b.url));
      expect((await admin(g, 'POST', '/config/reload')).status).to.equal(200);
      b.reset();
      b.models = ['fake-model'];
      expect((await postJson(`${g.url}/v1/chat/completions`, chat)).status).to.equal(200);
      release();
      const events = await readSseEvents(res);
      expect(events.at(-1), 'the drained worker\'s stream finished whole').to.equal('[DONE]');
      const workers = await admin(g, 'GET', '/workers');
      expect((workers.body['workers'] as { url: string }[]).map((w) => w.url)).to.deep.equal([b.url]);
    } finally {
      release();
      a.reset();
      await g.close();
    }
  });

  it('a reload placing a WASM policy on a route enforces it on the next request; counters survive', async () => {
    const base = { auth: { ...auth, api_keys: [{ id: 'metered', key: 'sk-metered-reload-0001', limits: { rpm: 3 } }] }, workers: [{ url: a.url, models: ['fake-model'] }], wasm: { enabled: true, module_roots: [EXAMPLES] }, pipeline: ['rate-limit', 'upstream'] };
    const file = configFile(base);
    const g = await startGateway(base, { configSource: file.source });
    try {
      const key = { authorization: 'Bearer sk-metered-reload-0001' };
      expect((await postJson(`${g.url}/v1/chat/completions`, chat, key)).status).to.equal(200);
      await registerModule(g.url, ADMIN, { name: 'deny', file_path: join(EXAMPLES, 'deny-list', 'deny-list.wasm'), attach_points: [{ Middleware: 'OnRequest' }], routes: ['/v1/embeddings'] });
      file.write({ ...base, routes: { '/v1/chat/completions': { pipeline: ['rate-limit', 'wasm:deny', 'upstream'] } } });
      expect((await admin(g, 'POST', '/config/reload')).status).to.equal(200);
      const refused = await postJson(`${g.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'please drop table users' }] }, key);
      expect(refused.status, 'the policy placed by the reload runs').to.equal(400);
      // rpm 3: one before the reload, one refused by the policy after it (counted before), one more allowed.
      expect((await postJson(`${g.url}/v1/chat/completions`, chat, key)).status).to.equal(200);
      expect((await postJson(`${g.url}/v1/chat/completions`, chat, key)).status, 'the window kept counting across the reload').to.equal(429);
    } finally {
      await g.close();
    }
  });

  it('keys from config reload (added works, removed stops at once); an unchanged worker keeps its breaker', async () => {
    const withKeys = (keys: { id: string; key: string }[]) => ({
      auth: { control_plane_api_keys: [{ id: 'ops', key: ADMIN }], api_keys: keys },
      workers: [{ url: a.url, models: ['fake-model'] }],
      resilience: { circuit_breaker: { failure_threshold: 1, cooldown_ms: 600_000 }, retries: { max_attempts: 1 } },
    });
    const first = withKeys([{ id: 'old', key: 'sk-old-key-0001' }]);
    const file = configFile(first);
    const g = await startGateway(first, { configSource: file.source });
    try {
      a.failModel('fake-model', 500, 1);
      expect((await postJson(`${g.url}/v1/chat/completions`, chat, { authorization: 'Bearer sk-old-key-0001' })).status).to.equal(500);
      file.write(withKeys([{ id: 'new', key: 'sk-new-key-0001' }]));
      expect((await admin(g, 'POST', '/config/reload')).status).to.equal(200);
      expect((await postJson(`${g.url}/v1/chat/completions`, chat, { authorization: 'Bearer sk-old-key-0001' })).status, 'a removed key stops at once').to.equal(401);
      const metrics = await (await fetch(`${g.url}/metrics`)).text();
      expect(metrics, 'the unchanged worker kept its open breaker').to.contain('switchyard_worker_circuit_state{worker="worker-1",model="fake-model"} 2');
      expect((await postJson(`${g.url}/v1/chat/completions`, chat, { authorization: 'Bearer sk-new-key-0001' })).status, 'an added key works (the breaker still refuses)').to.equal(503);
    } finally {
      a.reset();
      await g.close();
    }
  });

  it('/admin/config/update: a validated overlay, applied at once, shown, kept across a restart, removable', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sy-reload-overlay-'));
    const base = { auth, workers: [{ url: a.url, models: ['fake-model'] }] };
    const file = configFile(base);
    let g = await startGateway(base, { configSource: file.source, stateDir });
    try {
      const bad = await admin(g, 'POST', '/admin/config/update', { pipeline: ['nope', 'upstream'] });
      expect(bad.status).to.equal(400);
      expect(String((bad.body['error'] as { message: string }).message)).to.contain('unknown stage "nope"');
      const ok = await admin(g, 'POST', '/admin/config/update', { pipeline: ['rate-limit', 'upstream'], stages: { 'rate-limit': { default_limits: { rpm: 1 } } } });
      expect(ok.status).to.equal(200);
      expect((await postJson(`${g.url}/v1/chat/completions`, chat)).status).to.equal(200);
      expect((await postJson(`${g.url}/v1/chat/completions`, chat)).status, 'the overlay\'s limit applies').to.equal(429);
      expect((await admin(g, 'GET', '/admin/config/update')).body).to.deep.equal({ overlay: { pipeline: ['rate-limit', 'upstream'], stages: { 'rate-limit': { default_limits: { rpm: 1 } } } } });
      await g.close();
      g = await startGateway(base, { configSource: file.source, stateDir });
      expect((await admin(g, 'GET', '/admin/config/update')).body['overlay']).to.deep.include({ pipeline: ['rate-limit', 'upstream'] });
      expect((await admin(g, 'DELETE', '/admin/config/update')).status).to.equal(200);
      expect((await admin(g, 'GET', '/admin/config/update')).body).to.deep.equal({ overlay: {} });
    } finally {
      await g.close();
    }
  });

  it('names what needs a restart and applies the rest; /router/info shows each model\'s strategy and the version', async () => {
    const base = { auth, workers: [{ url: a.url, models: ['fake-model'] }] };
    const file = configFile(base);
    const g = await startGateway(base, { configSource: file.source });
    try {
      file.write({ ...base, server: { port: 31999 }, routing: { policy: 'least_load' } });
      const outcome = await admin(g, 'POST', '/config/reload');
      expect(outcome.body).to.deep.include({ status: 'partial', restart_required: ['server.port'] });
      const info = await admin(g, 'GET', '/router/info');
      expect(info.body['config_version']).to.equal(outcome.body['config_version']);
      expect(info.body['strategies']).to.deep.equal([{ model: 'fake-model', strategy: 'least_load', state: 'active', workers: 1, available_workers: 1, version: outcome.body['config_version'] }]);
      const router = await admin(g, 'POST', '/router/reload', { strategy: null });
      expect(router.body).to.deep.include({ status: 'partial', reloaded: ['all'] });
    } finally {
      await g.close();
    }
  });

  it('config.watch: a file rewritten in place or replaced by rename is applied; a half-written one is refused', async () => {
    const base = { auth, workers: [{ url: a.url, models: ['fake-model'] }], config: { watch: true, watch_debounce_ms: 50 } };
    const file = configFile(base);
    const g = await startGateway(base, { configSource: file.source });
    try {
      const start = g.app.configVersion;
      file.write({ ...base, pipeline: ['rate-limit', 'upstream'] });
      await waitFor('the in-place rewrite to apply', () => g.app.configVersion !== start);
      const afterInPlace = g.app.configVersion;
      const next = join(file.path, '..', 'next.yaml');
      writeFileSync(next, stringify({ ...base, pipeline: ['budget', 'upstream'] }));
      renameSync(next, file.path);
      await waitFor('the rename to apply', () => g.app.configVersion !== afterInPlace);
      const afterRename = g.app.configVersion;
      writeFileSync(file.path, 'workers: [ { url: "http://');
      expect((await postJson(`${g.url}/v1/chat/completions`, chat)).status).to.equal(200);
      await waitFor('the refusal to be logged', () => g.logLines.some((l) => l.includes('config file change not applied')));
      expect(g.app.configVersion, 'a broken file changes nothing').to.equal(afterRename);
    } finally {
      await g.close();
    }
  });

  describe('config.sync from a URL with ETags', () => {
    let server: Server;
    let document: Record<string, unknown> = {};
    let etag = '"v1"';
    const polls: (string | undefined)[] = [];
    before(async () => {
      server = createServer((req, res) => {
        polls.push(req.headers['if-none-match']);
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304).end();
          return;
        }
        res.writeHead(200, { etag, 'content-type': 'application/yaml' }).end(stringify(document));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    });
    after(() => server.close());

    it('applies a new document when the ETag changes, not before; the status says so', async () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway.yaml?X-Amz-Signature=secret`;
      document = { pipeline: ['rate-limit', 'upstream'] };
      const base = { auth, workers: [{ url: a.url, models: ['fake-model'] }], config: { sync: { url, sync_interval_seconds: 1 } } };
      const file = configFile(base);
      const g = await startGateway(base, { configSource: file.source });
      try {
        await waitFor('the first sync', () => g.app.currentConfig.pipeline.includes('rate-limit'));
        await waitFor('an unchanged poll answered 304', () => polls.includes('"v1"'));
        const status = await admin(g, 'GET', '/config/sync/status');
        expect(status.body).to.deep.include({ enabled: true, hot_reload_enabled: true, sync_interval_seconds: 1, running: true });
        expect(status.body['source']).to.deep.include({ last_etag: '"v1"' });
        expect(JSON.stringify(status.body), 'a presigned URL\'s signature is never shown').to.not.contain('secret');
        document = { pipeline: ['budget', 'upstream'] };
        etag = '"v2"';
        await waitFor('the changed document to apply', () => g.app.currentConfig.pipeline.includes('budget'));
        expect(Number((await admin(g, 'GET', '/config/sync/status')).body['reload_count'])).to.be.greaterThanOrEqual(2);
      } finally {
        await g.close();
      }
    });
  });
});
