import { expect } from 'chai';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { bearer } from '../../support/auth-fixture.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { readSseEvents } from '../../support/read-sse.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { registerModule } from '../../support/wasm-admin.js';
import { withLoad } from '../../support/wasm-load.js';
import { policyFailures } from '../../support/wasm-log-lines.js';

const ADMIN = 'sk-wasm-hot-reload-admin-0001';
const ROOT = join(PACKAGE_ROOT, 'wasm-modules');
const OPENAI_KEY = 'sk-proj-Abcdefghijklmnopqrstuvwxyz012345';
const CLIENTS = 6;
const ROUNDS = 5;
/** Requests completed between two registrations, so each swap happens under load. */
const REQUESTS_PER_SWAP = 12;
// Large enough that a request spends a while in the first attached policy (it reads every byte)
// before it reaches the second: the window in which that second one may be replaced.
const PROMPT = `mail a@b.co, key ${OPENAI_KEY} ${'lorem ipsum dolor sit amet '.repeat(4000)}`;

// Timeouts are a minute: this is about versions and leases, and a loaded machine must not turn a
// slow call into a failure here (the timeout has its own tests).
const MODULES = [
  // Placed on chat: OnRequest, every streamed delta, OnResponse.
  { name: 'redactor', file_path: join(ROOT, 'examples/secret-redactor/secret-redactor.wasm'), attach_points: [{ Middleware: 'OnRequest' }, { Middleware: 'OnResponse' }, { Middleware: 'OnStreamChunk' }], timeout_ms: 60_000 },
  // Attached (no routes): run in name order by the implicit stage on every route, the first one's
  // OnRequest before the second one is reached.
  { name: 'attached-a-mask', file_path: join(ROOT, 'examples/pii-masker/pii-masker.wasm'), attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 60_000 },
  { name: 'attached-b-stamp', file_path: join(ROOT, 'examples/audit-stamp/audit-stamp.wasm'), attach_points: [{ Middleware: 'OnResponse' }], timeout_ms: 60_000 },
] as const;

describe('WASM hot reload under load', function () {
  // A safety net against a hang only: the test is bounded by its counts.
  this.timeout(600_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;

  before(async () => {
    upstream = await new FakeUpstream({ record: false }).start();
    gateway = await startGateway({
      workers: [{ url: upstream.url, models: ['fake-model'] }],
      auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
      wasm: { enabled: true, module_roots: [ROOT] },
      routes: { '/v1/chat/completions': { pipeline: ['wasm:redactor', 'upstream'] } },
    });
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });

  it(`${ROUNDS} rounds re-registering three policies (placed, attached, streams) while ${CLIENTS} clients send: 0 failures`, async () => {
    for (const module of MODULES) await registerModule(gateway.url, ADMIN, module);
    upstream.replyWords = ['Your', ' key', ` ${OPENAI_KEY}`, ' is', ' safe'];
    // Streams span registrations: each chunk waits a little upstream.
    upstream.delayBetweenChunks(5);

    const failures: string[] = [];
    const oneRequest = async (client: number, n: number): Promise<void> => {
      const stream = (client + n) % 2 === 0;
      const res = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream, messages: [{ role: 'user', content: PROMPT }] });
      if (res.status !== 200) {
        failures.push(`${stream ? 'stream' : 'json'} ${res.status}: ${(await res.text()).slice(0, 300)}`);
      } else if (stream) {
        const events = await readSseEvents(res);
        const text = events.filter((e) => e !== '[DONE]').map((e) => (JSON.parse(e) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content ?? '').join('');
        if (events.at(-1) !== '[DONE]' || text !== 'Your key [redacted] is safe') failures.push(`stream: ${events.join(' | ').slice(0, 300)}`);
      } else {
        const body = (await res.json()) as { choices: { message: { content: string } }[] };
        if (body.choices[0]?.message.content !== 'Your key [redacted] is safe') failures.push(`json body: ${JSON.stringify(body).slice(0, 300)}`);
        if (res.headers.get('x-switchyard-audited-by') !== 'audit-stamp') failures.push('json: the attached OnResponse policy did not run');
      }
    };

    let registrations = 0;
    const completed = await withLoad(CLIENTS, oneRequest, async (load) => {
      for (let round = 0; round < ROUNDS; round++) {
        for (const module of MODULES) {
          await registerModule(gateway.url, ADMIN, module);
          registrations += 1;
          await load.completions(REQUESTS_PER_SWAP);
        }
      }
    });

    const reasons = policyFailures(gateway.logLines);
    expect(failures, `${failures.length} of ${completed} requests failed; policy failures logged: ${[...new Set(reasons)].join('; ')}`).to.deep.equal([]);
    expect(reasons).to.deep.equal([]);
    expect(completed).to.be.at.least(registrations * REQUESTS_PER_SWAP);
    const listed = (await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: { name: string; version: number }[] };
    expect(listed.modules.map((m) => [m.name, m.version])).to.deep.equal(MODULES.map((m) => [m.name, ROUNDS + 1]).sort());
  });
});
