import { expect } from 'chai';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { bearer } from '../../support/auth-fixture.js';
import { registerModule } from '../../support/wasm-admin.js';
import { readSseEvents } from '../../support/read-sse.js';
import { withLoad } from '../../support/wasm-load.js';
import { policyFailures } from '../../support/wasm-log-lines.js';

const ADMIN = 'sk-wasm-policies-admin-0001';
const ROOT = join(PACKAGE_ROOT, 'wasm-modules');
const file = (name: string) => join(ROOT, name);

describe('WASM policies on a route', function () {
  // A safety net against a hang only: booting a policy's workers takes seconds on a loaded machine.
  this.timeout(120_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;

  /**
   * Registers over HTTP with the admin key (OnRequest unless `extra` says otherwise); throws when
   * refused. A limit of seconds, not the default 100 ms, unless a test is about the limit: a loaded
   * machine must not turn a slow call into a failure.
   */
  const register = (name: string, path: string, extra: Record<string, unknown> = {}): Promise<string> =>
    registerModule(gateway.url, ADMIN, { name, file_path: path, attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000, ...extra });
  const chat = (content: string, model = 'fake-model') => postJson(`${gateway.url}/v1/chat/completions`, { model, messages: [{ role: 'user', content }] });

  before(async () => {
    upstream = await new FakeUpstream().start();
    gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
      // Inline is tested here (fixtures that trap, not loop).
      wasm: { enabled: true, module_roots: [ROOT], allow_inline: true },
      routes: {
        '/v1/chat/completions': { pipeline: ['wasm:guard', 'upstream'] },
        '/v1/completions': { pipeline: ['wasm:missing', 'upstream'] },
      },
    });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.reset());

  it('modify: the AssemblyScript PII masker rewrites the body before it leaves', async () => {
    await register('guard', file('examples/pii-masker/pii-masker.wasm'));
    const res = await chat('mail jane.doe@example.com, card 4111 1111 1111 1111? no: 4111111111111111, key sk-abcdefghijklmnopqrstu');
    expect(res.status).to.equal(200);
    expect((upstream.chatBodies()[0]!['messages'] as { content: string }[])[0]!.content).to.equal('mail [email], card 4111 1111 1111 1111? no: [card], key [secret]');

    // A 200 KB body once ran the policy out of its capped memory (AssemblyScript's stub runtime).
    upstream.reset();
    const filler = 'lorem ipsum dolor sit amet '.repeat(8000);
    const large = await chat(`${filler}reach me at someone@example.org`);
    expect(large.status).to.equal(200);
    expect((upstream.chatBodies()[0]!['messages'] as { content: string }[])[0]!.content).to.equal(`${filler}reach me at [email]`);

    // Typed config through the SDK, checked against the schema shipped beside the module.
    await register('guard', file('fixtures/passthrough.wasm')); // the same bytes twice are refused
    const refused = await register('guard', file('examples/pii-masker/pii-masker.wasm'), { config: { cards: 'no', phones: true } }).then(() => '', (err: Error) => err.message);
    expect(refused).to.contain('config/cards must be boolean').and.to.contain('config/phones is not a known property');
    await register('guard', file('examples/pii-masker/pii-masker.wasm'), { config: { cards: false } });
    upstream.reset();
    await chat('card 4111111111111111 from jane@example.com');
    expect((upstream.chatBodies()[0]!['messages'] as { content: string }[])[0]!.content).to.equal('card 4111111111111111 from [email]');
  });

  it('reject: the client gets the policy\'s status and reason; nothing goes upstream', async () => {
    await register('guard', file('fixtures/reject.wasm'));
    const res = await chat('please say forbidden-word');
    expect(res.status).to.equal(403);
    expect(await res.json()).to.deep.include({ error: { message: 'The request mentions a denied term.', type: 'permission_error', code: 'GW_ERR_WASM_POLICY_REJECTED', param: null } });
    expect((await chat('all fine')).status).to.equal(200);
    expect(upstream.chatBodies()).to.have.length(1);
  });

  it('an endless loop is cut at its timeout while the gateway keeps serving, call after call', async () => {
    // A limit long enough that /health, asked right after, answers first on any machine.
    await register('guard', file('fixtures/loop.wasm'), { timeout_ms: 2000 });
    const looping = chat('x');
    const first = await Promise.race([looping.then(() => 'the looping call'), fetch(`${gateway.url}/health`).then((r) => `health ${r.status}`)]);
    expect(first, 'the event loop is free while the policy loops').to.equal('health 200');
    expect((await looping).status).to.equal(503);
    expect((await chat('y')).status).to.equal(503);
    // Measured by the gateway: both calls ran into their limit and were cut there.
    expect(policyFailures(gateway.logLines).slice(-2)).to.deep.equal(['policy ran past its 2000 ms limit', 'policy ran past its 2000 ms limit']);
    const { metrics } = (await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { metrics: { max_time_ms: number } };
    expect(metrics.max_time_ms, 'not refused early').to.be.at.least(2000 - 5);
  });

  it('fail_open lets requests through when the policy fails; fail_closed does not', async () => {
    await register('guard', file('fixtures/trap.wasm'), { on_error: 'fail_open' });
    expect((await chat('x')).status).to.equal(200);
    await register('guard', file('fixtures/garbage.wasm'));
    const res = await chat('x');
    expect(res.status).to.equal(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('GW_ERR_WASM_POLICY_FAILED');
    await register('guard', file('fixtures/trap.wasm'), { mode: 'inline' });
    expect((await chat('x')).status).to.equal(503);
    expect((await chat('x')).status, 'rebuilt after the trap, and traps again').to.equal(503);
    expect(upstream.chatBodies()).to.have.length(1);
  });

  it('memory growth past the cap and a flood of output are contained, per module and mode', async () => {
    for (const mode of ['isolated', 'inline']) {
      await register('guard', file('fixtures/grow.wasm'), { mode });
      expect((await chat('x')).status, `grow, ${mode}`).to.equal(503);
      await register('guard', file('fixtures/flood.wasm'), { mode });
      expect((await chat('x')).status, `flood, ${mode}`).to.equal(503);
      await register('guard', file('fixtures/passthrough.wasm'), { mode });
      expect((await chat('x')).status, `and the gateway goes on, ${mode}`).to.equal(200);
    }
    const logs = gateway.logLines.filter((l) => l.includes('WASM policy failed')).join('');
    expect(logs).to.contain('exceeds 1048576');
  });

  it('OnError: the policy replaces the error the request met', async () => {
    await register('guard', file('fixtures/apologize.wasm'), { attach_points: [{ Middleware: 'OnError' }] });
    upstream.failNext(500, 3);
    const res = await chat('x');
    expect(res.status).to.equal(500);
    expect(await res.json()).to.deep.equal({ error: { message: 'Sorry, the assistant is busy. Please try again in a minute.', type: 'server_error', code: 'busy', param: null } });
    expect((await chat('fine now')).status, 'no error, no call').to.equal(200);
  });

  it('a module that keeps failing is disabled, with a metric and a log line', async () => {
    await register('guard', file('fixtures/trap.wasm'), { on_error: 'fail_open', mode: 'inline' });
    for (let i = 0; i < 22; i++) expect((await chat('x')).status).to.equal(200);
    const listed = (await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: { name: string; disabled?: boolean }[] };
    expect(listed.modules.find((m) => m.name === 'guard')?.disabled).to.equal(true);
    expect(await (await fetch(`${gateway.url}/metrics`)).text()).to.contain('switchyard_wasm_modules_disabled_total{module="guard"} 1');
    expect(gateway.logLines.some((l) => l.includes('WASM policy disabled after repeated failures'))).to.equal(true);
    await register('guard', file('fixtures/passthrough.wasm'));
    const relisted = (await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: { name: string; disabled?: boolean }[] };
    expect(relisted.modules.find((m) => m.name === 'guard')?.disabled, 'registering again enables it').to.equal(undefined);
  });

  it('a module that keeps answering garbage is disabled like one that traps', async () => {
    // fail_open: each answer that is not a valid action lets the request through, and counts.
    await register('guard', file('fixtures/garbage.wasm'), { on_error: 'fail_open' });
    for (let i = 0; i < 20; i++) expect((await chat('x')).status).to.equal(200);
    const listed = (await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: { name: string; disabled?: boolean }[] };
    expect(listed.modules.find((m) => m.name === 'guard')?.disabled).to.equal(true);
    expect(await (await fetch(`${gateway.url}/metrics`)).text()).to.match(/switchyard_wasm_modules_disabled_total\{module="guard"\} [1-9]/);
  });

  it('Rust policies: the deny-list rejecter and the header-stamping audit (OnResponse)', async () => {
    await register('guard', file('examples/deny-list/deny-list.wasm'));
    const denied = await chat('Please DROP TABLE users;');
    expect(denied.status).to.equal(400);
    expect(((await denied.json()) as { error: { message: string } }).error.message).to.equal('The request contains a denied term.');
    expect((await chat('a harmless question')).status).to.equal(200);

    await register('guard', file('examples/audit-stamp/audit-stamp.wasm'), { attach_points: [{ Middleware: 'OnResponse' }] });
    const stamped = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }, { 'x-request-id': 'audit-me-42' });
    expect(stamped.status).to.equal(200);
    expect(stamped.headers.get('x-switchyard-audit')).to.equal('audit-me-42');
    expect(stamped.headers.get('x-switchyard-audited-by')).to.equal('audit-stamp');
    // The SDK once read the first `"request_id":"` anywhere in the input: a client header of that
    // name (headers come before the field) chose the audit id.
    const spoofed = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }, { 'x-request-id': 'audit-me-43', request_id: 'spoofed-by-client' });
    expect(spoofed.headers.get('x-switchyard-audit')).to.equal('audit-me-43');
  });

  it('OnStreamChunk: the policy sees each text delta, rewrites one, and can stop the stream in-band', async () => {
    await register('guard', file('fixtures/stream-guard.wasm'), { attach_points: [{ Middleware: 'OnStreamChunk' }] });
    const words = upstream.replyWords;
    try {
      upstream.replyWords = ['The', ' secret', ' is', ' out'];
      const streamed = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'x' }] });
      const events = await readSseEvents(streamed);
      const text = events.filter((e) => e !== '[DONE]').map((e) => (JSON.parse(e) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '').join('');
      expect(text).to.equal('The [redacted] is out');
      expect(events.at(-1)).to.equal('[DONE]');

      upstream.replyWords = ['Fine', ' so', ' far', ' STOP', ' never', ' sent'];
      const stopped = await readSseEvents(await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'x' }] }));
      expect(stopped).to.not.include('[DONE]');
      expect(JSON.parse(stopped.at(-1)!)).to.deep.equal({ error: { message: 'The stream was stopped by policy.', type: 'invalid_request_error', code: 'GW_ERR_WASM_POLICY_REJECTED', param: null } });
      expect(stopped.join('')).to.not.contain('never');
    } finally {
      upstream.replyWords = words;
    }
  });

  it('a route naming a policy that is not loaded fails closed', async () => {
    const res = await postJson(`${gateway.url}/v1/completions`, { model: 'fake-model', prompt: 'x' });
    expect(res.status).to.equal(503);
    expect(upstream.requests).to.have.length(0);
  });

  it('hot reload under load: 20 replacements, 0 failed requests, each showing one version\'s effect', async function () {
    // A safety net against a hang: twenty registrations take minutes on a loaded machine.
    this.timeout(600_000);
    const guard = (path: string) => register('guard', file(path));
    await guard('examples/pii-masker/pii-masker.wasm');
    const statuses: number[] = [];
    await withLoad(4, async () => void statuses.push((await chat('write to a@b.co or c@d.io')).status), async (load) => {
      for (let i = 0; i < 20; i++) {
        await guard(i % 2 === 0 ? 'fixtures/passthrough.wasm' : 'examples/pii-masker/pii-masker.wasm');
        await load.completions(4);
      }
    });
    expect(statuses.length).to.be.at.least(80);
    expect(statuses.every((s) => s === 200), `statuses: ${[...new Set(statuses)].join(',')}`).to.equal(true);
    const contents = upstream.chatBodies().map((b) => (b['messages'] as { content: string }[])[0]!.content);
    expect(contents.every((c) => c === 'write to [email] or [email]' || c === 'write to a@b.co or c@d.io')).to.equal(true);
    expect(new Set(contents).size, 'both versions served').to.equal(2);
    const listed = (await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: { name: string; version: number }[]; metrics: { total_executions: number } };
    expect(listed.modules.find((m) => m.name === 'guard')?.version).to.be.greaterThan(20);
  });

  it('a policy registered for no particular route runs on every protected route that does not place it', async () => {
    const uuid = await register('audit-all', file('examples/audit-stamp/audit-stamp.wasm'), { attach_points: [{ Middleware: 'OnResponse' }] });
    const embedded = await postJson(`${gateway.url}/v1/embeddings`, { model: 'fake-model', input: 'x' }, { 'x-request-id': 'attached-1' });
    expect(embedded.status).to.equal(200);
    expect(embedded.headers.get('x-switchyard-audit')).to.equal('attached-1');
    await fetch(`${gateway.url}/wasm/${uuid}`, { method: 'DELETE', headers: bearer(ADMIN) });
    const after = await postJson(`${gateway.url}/v1/embeddings`, { model: 'fake-model', input: 'x' });
    expect(after.headers.get('x-switchyard-audit'), 'deleted: no longer runs').to.equal(null);
  });
});
