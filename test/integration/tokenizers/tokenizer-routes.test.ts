import { expect } from 'chai';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { authConfig, bearer, KEYS } from '../../support/auth-fixture.js';
import { postJson, resolveTestConfig, startGateway, type TestGateway } from '../../support/start-gateway.js';
import { waitFor } from '../../support/wait-for.js';

const BERT = join(PACKAGE_ROOT, 'test/fixtures/tokenizers/bert-uncased-subset');

interface Registered {
  readonly id: string;
  readonly status: string;
  readonly message: string;
}
interface Status {
  readonly id: string;
  readonly status: string;
  readonly state: string;
  readonly message: string;
  readonly vocab_size?: number;
  readonly reason?: string;
}
interface ErrorAnswer {
  readonly error: { readonly message: string; readonly type: string; readonly code: string | null; readonly param: string | null };
  readonly [extra: string]: unknown;
}

/**
 * SMG's tokenizer API on the real app: registration (answered at once, loaded in the background),
 * status, listing, removal, /v1/tokenize and /v1/detokenize against known ids, files confined to
 * the configured roots, every error in the OpenAI shape, and registrations kept across a restart.
 */
describe('tokenizers plugin: /v1/tokenizers, /v1/tokenize, /v1/detokenize', function () {
  this.timeout(60_000);
  const admin = bearer(KEYS.admin);
  const user = bearer(KEYS.user);
  let work: string;
  let root: string;
  let outside: string;
  let stateDir: string;
  let gateway: TestGateway;

  const config = (): Record<string, unknown> => ({
    ...authConfig(),
    tokenizers: { roots: [root], models: { 'bert-*': 'bert' }, preload: [{ name: 'o200k', source: 'o200k_base' }] },
  });
  const url = (path: string): string => `${gateway.url}${path}`;
  const register = async (body: unknown): Promise<Response> => postJson(url('/v1/tokenizers'), body, admin);
  const get = (path: string, headers: Record<string, string> = admin): Promise<Response> => fetch(url(path), { headers });
  const settled = (id: string): Promise<Status> =>
    waitFor(`tokenizer ${id} to settle`, async () => {
      const status = (await (await get(`/v1/tokenizers/${id}/status`)).json()) as Status;
      return status.state === 'ready' || status.state === 'failed' ? status : undefined;
    });
  const registerAndSettle = async (body: Record<string, unknown>): Promise<Status> => {
    const res = await register(body);
    expect(res.status, await res.clone().text()).to.equal(202);
    return settled(((await res.json()) as Registered).id);
  };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'sy-tokenizers-'));
    root = join(work, 'root');
    outside = join(work, 'outside');
    stateDir = join(work, 'state');
    mkdirSync(root);
    cpSync(BERT, join(root, 'bert'), { recursive: true });
    cpSync(BERT, outside, { recursive: true });
    symlinkSync(outside, join(root, 'link-out'));
    gateway = await startGateway(config(), { stateDir });
  });
  after(async () => {
    await gateway.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('registers a tokenizer.json inside the roots: 202 with the id at once, then pending → ready with its vocabulary', async () => {
    const res = await register({ name: 'bert', source: join(root, 'bert', 'tokenizer.json') });
    expect(res.status).to.equal(202);
    const answer = (await res.json()) as Registered;
    expect(answer).to.include({ status: 'pending' });
    expect(answer.message).to.equal(`Tokenizer 'bert' registration job submitted. Loading from: ${join(root, 'bert', 'tokenizer.json')}`);
    const status = await settled(answer.id);
    expect(status).to.deep.equal({ id: answer.id, status: 'completed', state: 'ready', message: "Tokenizer 'bert' is loaded and ready", vocab_size: status.vocab_size });
    expect(status.vocab_size).to.be.a('number').greaterThan(0);

    const byId = (await (await get(`/v1/tokenizers/${answer.id}`)).json()) as Record<string, unknown>;
    const byName = (await (await get('/v1/tokenizers/bert')).json()) as Record<string, unknown>;
    expect(byId).to.deep.equal(byName).and.include({ id: answer.id, name: 'bert', status: 'ready', vocab_size: status.vocab_size });
    const list = (await (await get('/v1/tokenizers')).json()) as { tokenizers: { name: string }[] };
    expect(list.tokenizers.map((t) => t.name)).to.include.members(['o200k', 'bert']);
  });

  it('tokenizes and detokenizes with known ids of the committed tokenizer.json, by name and through tokenizers.models', async () => {
    const tokenize = await postJson(url('/v1/tokenize'), { model: 'bert', prompt: 'Hello world' }, user);
    expect(tokenize.status).to.equal(200);
    expect(await tokenize.json()).to.deep.equal({ tokens: [101, 7592, 2088, 102], count: 4, char_count: 11, tokenizer: 'bert' });

    const mapped = (await (await postJson(url('/v1/tokenize'), { model: 'bert-base-uncased', prompt: ['Hello world', 'How are you?'], add_special_tokens: false }, user)).json()) as Record<string, unknown>;
    expect(mapped).to.deep.equal({ tokens: [[7592, 2088], [2129, 2024, 2017, 1029]], count: [2, 4], char_count: [11, 12], tokenizer: 'bert' });

    const detokenize = await postJson(url('/v1/detokenize'), { model: 'bert', tokens: [101, 7592, 2088, 102] }, user);
    expect(detokenize.status).to.equal(200);
    expect(await detokenize.json()).to.deep.equal({ text: 'hello world', tokenizer: 'bert' });
    const kept = (await (await postJson(url('/v1/detokenize'), { model: 'bert', tokens: [[101, 7592], [2088, 102]], skip_special_tokens: false }, user)).json()) as Record<string, unknown>;
    expect(kept).to.deep.equal({ text: ['[CLS] hello', 'world [SEP]'], tokenizer: 'bert' });
  });

  it('serves the built-in encodings with their known ids, chat messages through the documented fallback', async () => {
    const preloaded = (await postJson(url('/v1/tokenize'), { model: 'o200k', prompt: 'hello world' }, user).then((r) => r.json())) as { tokens: number[] };
    expect(preloaded.tokens).to.deep.equal([24912, 2375]);

    const cl100k = await registerAndSettle({ name: 'cl100k', source: 'cl100k_base' });
    expect(cl100k).to.include({ state: 'ready', vocab_size: cl100k.vocab_size });
    const plain = (await (await postJson(url('/v1/tokenize'), { model: 'cl100k', prompt: 'hello world' }, user)).json()) as { tokens: number[] };
    expect(plain.tokens).to.deep.equal([15339, 1917]);
    const chat = (await (await postJson(url('/v1/tokenize'), { model: 'cl100k', messages: [{ role: 'user', content: 'hello world' }] }, user)).json()) as {
      tokens: number[];
      chat_format: string;
    };
    expect(chat.chat_format).to.equal('chatml_fallback');
    // <|im_start|>user\nhello world<|im_end|>\n<|im_start|>assistant\n: the markers are single special tokens.
    expect(chat.tokens[0]).to.equal(100264);
    expect(chat.tokens.filter((id) => id === 100264 || id === 100265)).to.deep.equal([100264, 100265, 100264]);
    const text = (await (await postJson(url('/v1/detokenize'), { model: 'cl100k', tokens: chat.tokens, skip_special_tokens: false }, user)).json()) as { text: string };
    expect(text.text).to.equal('<|im_start|>user\nhello world<|im_end|>\n<|im_start|>assistant\n');

    // A model name standing for a built-in needs no registration (gpt-4o → o200k_base).
    const gpt4o = (await (await postJson(url('/v1/tokenize'), { model: 'gpt-4o', prompt: 'hello world' }, user)).json()) as { tokens: number[]; tokenizer: string };
    expect(gpt4o).to.deep.equal({ tokens: [24912, 2375], count: 2, char_count: 11, tokenizer: 'o200k_base' });
  });

  it('a hub id fails with a status that says how to give a local file — nothing is downloaded', async () => {
    const status = await registerAndSettle({ name: 'llama', source: 'meta-llama/Llama-3.1-8B-Instruct' });
    expect(status).to.include({ status: 'failed', state: 'failed' });
    expect(status.reason).to.include('downloads nothing').and.include('tokenizers.roots').and.include(root);
    // Asking to tokenize with it says why it is unavailable.
    const res = await postJson(url('/v1/tokenize'), { model: 'llama', prompt: 'x' }, user);
    expect(res.status).to.equal(503);
    const body = (await res.json()) as ErrorAnswer;
    expect(body.error).to.include({ type: 'server_error', code: 'tokenizer_unavailable' });
    expect(body.error.message).to.include('downloads nothing');
  });

  it('files outside the roots are refused, also by ../ or a link out, with one reason that names no file', async () => {
    const sources = [join(outside, 'tokenizer.json'), `${root}/bert/../../outside/tokenizer.json`, join(root, 'link-out', 'tokenizer.json'), join(root, 'missing', 'tokenizer.json')];
    const reasons = new Set<string>();
    for (const [i, source] of sources.entries()) {
      const status = await registerAndSettle({ name: `outside-${String(i)}`, source });
      expect(status.state, source).to.equal('failed');
      reasons.add(status.reason ?? '');
    }
    expect([...reasons]).to.deep.equal([
      'source was refused: it must name a readable tokenizer.json (or a directory holding one) inside one of the roots configured in tokenizers.roots',
    ]);
    const chatTemplate = await registerAndSettle({ name: 'template-outside', source: 'cl100k_base', chat_template_path: join(outside, 'tokenizer_config.json') });
    expect(chatTemplate.reason).to.match(/^chat_template_path was refused/);
  });

  it('unknown tokenizers: 404 in the OpenAI error shape on every admin route, 400 tokenizer_not_found on /v1/tokenize', async () => {
    for (const path of ['/v1/tokenizers/nope', '/v1/tokenizers/nope/status']) {
      const res = await get(path);
      expect(res.status, path).to.equal(404);
      const body = (await res.json()) as ErrorAnswer;
      expect(body.error.type, path).to.equal('not_found_error');
      expect(body.error.message, path).to.include("Tokenizer 'nope' not found");
    }
    const removed = await fetch(url('/v1/tokenizers/nope'), { method: 'DELETE', headers: admin });
    expect(removed.status).to.equal(404);
    const removedBody = (await removed.json()) as ErrorAnswer;
    expect(removedBody).to.include({ success: false, message: "Tokenizer 'nope' not found" });
    expect(removedBody.error.code).to.equal('tokenizer_not_found');

    const tokenize = await postJson(url('/v1/tokenize'), { model: 'no-such-model', prompt: 'x' }, user);
    expect(tokenize.status).to.equal(400);
    const tokenizeBody = (await tokenize.json()) as ErrorAnswer;
    expect(tokenizeBody.error).to.include({ type: 'invalid_request_error', code: 'tokenizer_not_found' });
    expect(tokenizeBody.error.message).to.include("Tokenizer for model 'no-such-model' not found. Available:");
  });

  it("a taken name is a 409 carrying SMG's id of the existing one", async () => {
    const existing = ((await (await get('/v1/tokenizers/o200k')).json()) as { id: string }).id;
    const res = await register({ name: 'o200k', source: 'cl100k_base' });
    expect(res.status).to.equal(409);
    const body = (await res.json()) as ErrorAnswer;
    expect(body).to.include({ id: existing, status: 'failed', message: "Tokenizer 'o200k' already exists" });
    expect(body.error.code).to.equal('tokenizer_exists');
    expect(body.error.message).to.include(`DELETE /v1/tokenizers/${existing}`);
  });

  it('a bad body is a 400 naming every problem at once', async () => {
    const registration = await register({ source: '', extra: 1 });
    expect(registration.status).to.equal(400);
    const registrationError = ((await registration.json()) as ErrorAnswer).error;
    expect(registrationError.type).to.equal('invalid_request_error');
    for (const part of ['name', '/source', 'extra']) expect(registrationError.message).to.include(part);

    const tokenize = await postJson(url('/v1/tokenize'), { model: 7, prompt: [1], add_special_tokens: 'yes' }, user);
    expect(tokenize.status).to.equal(400);
    const tokenizeError = ((await tokenize.json()) as ErrorAnswer).error;
    for (const part of ['/model', '/prompt', '/add_special_tokens']) expect(tokenizeError.message).to.include(part);

    const neither = await postJson(url('/v1/tokenize'), { model: 'bert' }, user);
    expect(neither.status).to.equal(400);

    const detokenize = await postJson(url('/v1/detokenize'), { model: 'bert', tokens: [-1, 'a'], skip_special_tokens: 1 }, user);
    expect(detokenize.status).to.equal(400);
    const detokenizeError = ((await detokenize.json()) as ErrorAnswer).error;
    for (const part of ['/tokens', '/skip_special_tokens']) expect(detokenizeError.message).to.include(part);

    const outOfVocabulary = await postJson(url('/v1/detokenize'), { model: 'bert', tokens: [999_999_999] }, user);
    expect(outOfVocabulary.status).to.equal(400);
    expect(((await outOfVocabulary.json()) as ErrorAnswer).error.code).to.equal('invalid_request');

    const notJson = await fetch(url('/v1/tokenizers'), { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: '{"name":' });
    expect(notJson.status).to.equal(400);
  });

  it('keeps the planes apart: admin routes want a control-plane key, tokenize a data-plane key', async () => {
    expect((await postJson(url('/v1/tokenizers'), { name: 'y', source: 'cl100k_base' }, user)).status).to.equal(401);
    expect((await get('/v1/tokenizers', user)).status).to.equal(401);
    expect((await get('/v1/tokenizers', bearer(KEYS.readOnly))).status).to.equal(200);
    expect((await postJson(url('/v1/tokenizers'), { name: 'z', source: 'cl100k_base' }, bearer(KEYS.readOnly))).status).to.equal(403);
    expect((await postJson(url('/v1/tokenize'), { model: 'bert', prompt: 'x' }, admin)).status).to.equal(401);
    expect((await postJson(url('/v1/detokenize'), { model: 'bert', tokens: [101] }, {})).status).to.equal(401);
  });

  it('keeps API registrations in the state directory: a restart loads them again under the same ids; DELETE forgets them', async () => {
    const kept = await registerAndSettle({ name: 'kept', source: join(root, 'bert') });
    const gone = await registerAndSettle({ name: 'gone', source: 'r50k_base' });
    const removed = await fetch(url('/v1/tokenizers/gone'), { method: 'DELETE', headers: admin });
    expect(removed.status).to.equal(200);
    expect(await removed.json()).to.deep.equal({ success: true, message: "Tokenizer 'gone' removed successfully" });
    expect((await get(`/v1/tokenizers/${gone.id}`)).status).to.equal(404);

    const saved = JSON.parse(readFileSync(join(stateDir, 'tokenizers.json'), 'utf8')) as { id: string; name: string }[];
    expect(saved.map((s) => s.name)).to.include('kept').and.not.include('gone').and.not.include('o200k');

    await gateway.close();
    gateway = await startGateway(config(), { stateDir });
    const restored = await settled(kept.id);
    expect(restored).to.include({ id: kept.id, state: 'ready' });
    expect((await get('/v1/tokenizers/gone')).status).to.equal(404);
    const tokens = (await (await postJson(url('/v1/tokenize'), { model: 'kept', prompt: 'Hello world' }, user)).json()) as { tokens: number[] };
    expect(tokens.tokens).to.deep.equal([101, 7592, 2088, 102]);
  });

  it('a config reload keeps every registration and names a changed tokenizers section as needing a restart', async () => {
    const before = ((await (await get('/v1/tokenizers')).json()) as { tokenizers: { id: string }[] }).tokenizers.map((t) => t.id);
    const same = await gateway.app.reload(resolveTestConfig(config()));
    expect(same.restartRequired).to.not.include('tokenizers');
    const changed = await gateway.app.reload(resolveTestConfig({ ...config(), tokenizers: { roots: [root], models: {} } }));
    expect(changed.restartRequired).to.include('tokenizers');
    const after = ((await (await get('/v1/tokenizers')).json()) as { tokenizers: { id: string }[] }).tokenizers.map((t) => t.id);
    expect(after).to.deep.equal(before);
    // Still mapped as at start: the new section waits for the restart it asked for.
    expect((await postJson(url('/v1/tokenize'), { model: 'bert-base-uncased', prompt: 'Hello world' }, user)).status).to.equal(200);
  });
});
