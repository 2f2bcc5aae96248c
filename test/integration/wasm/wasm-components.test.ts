import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { bearer } from '../../support/auth-fixture.js';
import { dummyComponent } from '../../support/dummy-component.js';
import { FakeUpstream } from '../../support/fake-upstream.js';
import { readSseEvents } from '../../support/read-sse.js';
import { postJson, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { registerModule, registerModules } from '../../support/wasm-admin.js';
import { withLoad } from '../../support/wasm-load.js';
import { policyFailures } from '../../support/wasm-log-lines.js';

const ADMIN = 'sk-wasm-components-admin-0001';
const ROOT = join(PACKAGE_ROOT, 'wasm-modules');
const REDACTOR = join(ROOT, 'examples/secret-redactor/secret-redactor.wasm');
const fixture = (name: string) => join(ROOT, `fixtures/component-${name}.wasm`);
const OPENAI_KEY = 'sk-proj-Abcdefghijklmnopqrstuvwxyz012345';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';

type ListedModule = { name: string; transport: string; version: number; uuid: string };

describe('WASM component policies (jco) through the real server', function () {
  // A safety net against a hang only: booting a policy's workers takes seconds on a loaded machine.
  this.timeout(120_000);
  let upstream: FakeUpstream;
  let gateway: TestGateway;
  let scratch: string;
  let stateDir: string;

  const start = () =>
    startGateway(
      {
        workers: [{ url: upstream.url, models: ['fake-model'] }],
        auth: { anonymous: true, control_plane_api_keys: [{ id: 'ops', key: ADMIN }] },
        // Inline is tested here (fixtures that trap, not loop).
        wasm: { enabled: true, module_roots: [ROOT, scratch], allow_inline: true },
        routes: {
          '/v1/chat/completions': { pipeline: ['wasm:redactor', 'upstream'], stages: { 'wasm:redactor': { config: { replacement: '[key removed]' } } } },
          '/v1/completions': { pipeline: ['wasm:hostile', 'upstream'] },
        },
      },
      { stateDir },
    );
  // Limits of seconds, not the default 100 ms, unless a test is about the limit: a loaded machine
  // must not turn a slow call into a failure.
  const redactor = (extra: Record<string, unknown> = {}) => ({
    name: 'redactor',
    file_path: REDACTOR,
    attach_points: [{ Middleware: 'OnRequest' }, { Middleware: 'OnResponse' }, { Middleware: 'OnStreamChunk' }],
    timeout_ms: 10_000,
    ...extra,
  });
  const hostile = async (name: string, extra: Record<string, unknown> = {}) =>
    registerModule(gateway.url, ADMIN, { name: 'hostile', file_path: fixture(name), attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000, ...extra });
  const complete = () => postJson(`${gateway.url}/v1/completions`, { model: 'fake-model', prompt: 'x' });
  const chat = (content: string, stream = false) => postJson(`${gateway.url}/v1/chat/completions`, { model: 'fake-model', stream, messages: [{ role: 'user', content }] });
  const listed = async (): Promise<ListedModule[]> => ((await (await fetch(`${gateway.url}/wasm`, { headers: bearer(ADMIN) })).json()) as { modules: ListedModule[] }).modules;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'sy-components-'));
    stateDir = mkdtempSync(join(tmpdir(), 'sy-components-state-'));
    upstream = await new FakeUpstream().start();
    gateway = await start();
  });
  after(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(async () => {
    upstream.reset();
    // Each test registers from scratch (a second copy of registered bytes is refused by design).
    for (const { uuid } of await listed()) await fetch(`${gateway.url}/wasm/${uuid}`, { method: 'DELETE', headers: bearer(ADMIN) });
  });

  it('the Rust secret-redactor component redacts the prompt, the answer and every streamed delta', async () => {
    await registerModule(gateway.url, ADMIN, redactor());
    expect((await listed()).find((m) => m.name === 'redactor')?.transport).to.equal('component');
    const words = upstream.replyWords;
    try {
      upstream.replyWords = ['Your', ' key', ` ${AWS_KEY}`, ' is', ' leaked'];
      const res = await chat(`deploy with ${OPENAI_KEY}\nand risk-assessment as usual`);
      expect(res.status).to.equal(200);
      const sent = (upstream.chatBodies()[0]!['messages'] as { content: string }[])[0]!.content;
      expect(sent, 'the route config\'s replacement').to.equal('deploy with [key removed]\nand risk-assessment as usual');
      const answer = (await res.json()) as { choices: { message: { content: string } }[] };
      expect(answer.choices[0]!.message.content).to.equal('Your key [key removed] is leaked');

      const streamed = await readSseEvents(await chat('hello', true));
      const text = streamed.filter((e) => e !== '[DONE]').map((e) => (JSON.parse(e) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '').join('');
      expect(text).to.equal('Your key [key removed] is leaked');
      expect(streamed.at(-1)).to.equal('[DONE]');
      expect(streamed.join('')).to.not.contain(AWS_KEY);
    } finally {
      upstream.replyWords = words;
    }
  });

  it('with a look-behind window the redactor catches a key split across two streamed deltas; without one it cannot', async () => {
    const words = upstream.replyWords;
    const streamedText = async (): Promise<string> => {
      const events = await readSseEvents(await chat('hello', true));
      expect(events.at(-1)).to.equal('[DONE]');
      return events.filter((e) => e !== '[DONE]').map((e) => (JSON.parse(e) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '').join('');
    };
    try {
      // The key arrives in two deltas, each too short for the redactor's pattern on its own.
      upstream.replyWords = ['Your key is ', OPENAI_KEY.slice(0, 14), OPENAI_KEY.slice(14), ', keep it safe'];
      await registerModule(gateway.url, ADMIN, redactor());
      expect(await streamedText(), 'each delta judged alone lets the key through').to.contain(OPENAI_KEY.slice(14));
      await registerModule(gateway.url, ADMIN, redactor({ stream_lookbehind_chars: 64 }));
      const text = await streamedText();
      expect(text).to.equal('Your key is [key removed], keep it safe');
      expect(text).to.not.contain(OPENAI_KEY.slice(0, 10));
    } finally {
      upstream.replyWords = words;
    }
  });

  it('registration checks the module\'s shipped config schema and its exports against the attach points', async () => {
    const [badConfig, missingExport] = await registerModules(gateway.url, ADMIN, [
      redactor({ name: 'redactor-b', config: { replacement: 'a "quoted" one', colour: 'red' } }),
      redactor({ name: 'redactor-c', attach_points: [{ Middleware: 'OnError' }] }),
    ]);
    expect(badConfig?.add_result.Error).to.contain('config does not match the module\'s schema');
    expect(badConfig?.add_result.Error).to.contain('config/replacement must match pattern');
    expect(badConfig?.add_result.Error).to.contain('config/colour is not a known property');
    expect(missingExport?.add_result.Error).to.equal('the module does not export on_error, which its attach points need');
  });

  it('a component that imports anything, or is not the policy world, is refused at registration', async () => {
    writeFileSync(join(scratch, 'importer.wasm'), await dummyComponent('import phone-home: func(data: string);\nexport on-request: func(input: string) -> result<string, string>;'));
    writeFileSync(join(scratch, 'odd.wasm'), await dummyComponent('export on-request: func(input: list<u8>) -> list<u8>;'));
    const results = await registerModules(gateway.url, ADMIN, ['importer', 'odd'].map((name) => ({ name, file_path: join(scratch, `${name}.wasm`), attach_points: [{ Middleware: 'OnRequest' }] })));
    expect(results.map((r) => r.add_result.Error)).to.deep.equal([
      'the component is not a switchyard:policy world (exports on-request… as func(string) -> result<string, string>, no imports); it has: import phone-home: func(data: string);',
      'the component is not a switchyard:policy world (exports on-request… as func(string) -> result<string, string>, no imports); it has: export on-request: func(input: list<u8>) -> list<u8>;',
    ]);
    expect((await listed()).map((m) => m.name)).to.not.include.members(['importer', 'odd']);
  });

  it('hostile components: an endless loop is cut at the timeout while the gateway keeps serving', async () => {
    // A limit long enough that /health, asked right after, answers first on any machine.
    await hostile('loop', { timeout_ms: 2000 });
    const looping = complete();
    const first = await Promise.race([looping.then(() => 'the looping call'), fetch(`${gateway.url}/health`).then((r) => `health ${r.status}`)]);
    expect(first, 'the event loop is free while the component loops').to.equal('health 200');
    expect((await looping).status).to.equal(503);
    expect(policyFailures(gateway.logLines).at(-1), 'cut by the gateway at its limit').to.equal('policy ran past its 2000 ms limit');
    expect(upstream.requests.filter((r) => r.path === '/v1/completions')).to.have.length(0);
  });

  it('hostile components: trap, err, memory past the cap and a flood of output follow on_error, in both modes', async () => {
    for (const mode of ['isolated', 'inline']) {
      for (const name of ['trap', 'err', 'grow', 'flood']) {
        await hostile(name, { mode });
        // The trap fixture traps on a "!" only: the prompt carries one.
        const closed = await postJson(`${gateway.url}/v1/completions`, { model: 'fake-model', prompt: 'hey!' });
        expect(closed.status, `${name}, ${mode}, fail_closed`).to.equal(503);
        expect(((await closed.json()) as { error: { code: string } }).error.code).to.equal('GW_ERR_WASM_POLICY_FAILED');
        await registerModules(gateway.url, ADMIN, [{ name: 'hostile', file_path: fixture('passthrough'), attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000 }]);
        expect((await complete()).status, `and the gateway goes on after ${name}, ${mode}`).to.equal(200);
      }
    }
    await hostile('trap', { on_error: 'fail_open' });
    expect((await postJson(`${gateway.url}/v1/completions`, { model: 'fake-model', prompt: 'hey!' })).status, 'fail_open').to.equal(200);
    const failures = gateway.logLines.filter((l) => l.includes('WASM policy failed')).join('');
    for (const reason of ['unreachable', 'the policy answered err: the component said no', 'exceeds 1048576']) expect(failures).to.contain(reason);
  });

  it('hot reload across transports under load: 10 swaps between the component and an Extism module, 0 failed requests', async function () {
    // A safety net against a hang: ten registrations take minutes on a loaded machine.
    this.timeout(600_000);
    const extismPassthrough = join(ROOT, 'fixtures/passthrough.wasm');
    await registerModule(gateway.url, ADMIN, redactor());
    const statuses: number[] = [];
    await withLoad(4, async () => void statuses.push((await chat(`key ${OPENAI_KEY}`)).status), async (load) => {
      for (let i = 0; i < 10; i++) {
        await registerModule(gateway.url, ADMIN, i % 2 === 0 ? { name: 'redactor', file_path: extismPassthrough, attach_points: [{ Middleware: 'OnRequest' }], timeout_ms: 10_000 } : redactor());
        await load.completions(4);
      }
    });
    expect(statuses.every((s) => s === 200), `statuses: ${[...new Set(statuses)].join(',')}`).to.equal(true);
    const contents = new Set(upstream.chatBodies().map((b) => (b['messages'] as { content: string }[])[0]!.content));
    expect([...contents].sort(), 'each request shows exactly one version\'s effect').to.deep.equal(['key [key removed]', `key ${OPENAI_KEY}`]);
  });

  it('a registered component survives a restart and answers at once', async () => {
    const uuid = await registerModule(gateway.url, ADMIN, redactor());
    await gateway.close();
    gateway = await start();
    expect((await listed()).find((m) => m.name === 'redactor')).to.deep.include({ uuid, transport: 'component' });
    expect((await chat(`use ${OPENAI_KEY}`)).status).to.equal(200);
    expect((upstream.chatBodies()[0]!['messages'] as { content: string }[])[0]!.content).to.equal('use [key removed]');
  });
});
