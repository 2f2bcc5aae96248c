import { expect } from 'chai';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../../core/package-root.js';
import type { LoadedTokenizer } from '../../../../plugins/tokenizers/tokenizer-contract.js';
import { TokenizerFormatError } from '../../../../plugins/tokenizers/tokenizer-errors.js';
import {
  InvalidTokenizerSpec,
  TokenizerNameTaken,
  TokenizerRegistry,
  type TokenizerChange,
  type TokenizerRegistryOptions,
} from '../../../../plugins/tokenizers/tokenizer-registry.js';
import { resolveTokenizersConfig, type TokenizerSpec, type TokenizersConfig } from '../../../../plugins/tokenizers/tokenizers-config.js';

const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'tokenizers');

/** One id per whitespace-separated word: enough to tell tokenizers apart by their counts. */
function fakeTokenizer(vocabSize = 10): LoadedTokenizer {
  return {
    kind: 'huggingface',
    vocabSize,
    specialTokens: { bos: undefined, eos: undefined, pad: undefined, unk: undefined },
    chatTemplates: { default: undefined, named: new Map() },
    fallbackChatFormat: undefined,
    encode: (text) => text.split(/\s+/).filter((w) => w !== '').map((w) => w.length),
    decode: (ids) => ids.join(' '),
  };
}

interface Deferred {
  readonly spec: TokenizerSpec;
  resolve(tokenizer: LoadedTokenizer): void;
  reject(error: unknown): void;
}

/** A loader whose loads finish only when the test says so. */
function controlledLoader(): { load: NonNullable<TokenizerRegistryOptions['load']>; started: Deferred[] } {
  const started: Deferred[] = [];
  return {
    started,
    load: (spec) =>
      new Promise<LoadedTokenizer>((resolve, reject) => {
        started.push({ spec, resolve, reject });
      }),
  };
}

/** Lets queued promise callbacks run (no timers: nothing here waits on the clock). */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function config(overrides: Partial<TokenizersConfig> = {}): TokenizersConfig {
  return resolveTokenizersConfig(overrides);
}

describe('TokenizerRegistry', () => {
  it('answers register() at once with pending, then moves through loading to ready', async () => {
    const changes: TokenizerChange[] = [];
    const loader = controlledLoader();
    const registry = new TokenizerRegistry(config(), { load: loader.load, onChange: (c) => changes.push(c), createId: () => 'id-1' });

    const record = registry.register({ name: 'llama', source: '/models/llama/tokenizer.json' });
    expect(record).to.include({ id: 'id-1', name: 'llama', state: 'pending', vocabSize: undefined });
    expect(registry.get('llama')).to.equal(undefined);

    await flush();
    expect(registry.status('id-1')?.state).to.equal('loading');
    loader.started[0]?.resolve(fakeTokenizer(42));
    const settled = await registry.settled('llama');
    expect(settled).to.include({ state: 'ready', vocabSize: 42, kind: 'huggingface' });
    expect(registry.get('id-1')?.tokenizer.vocabSize).to.equal(42);
    expect(changes.map((c) => `${c.type}:${c.record.state}`)).to.deep.equal(['registered:pending', 'state:loading', 'state:ready']);
  });

  it('fails with the reason its own errors give, and a generic one for anything else (the raw error goes to onLoadFailure)', async () => {
    const loader = controlledLoader();
    const raw: unknown[] = [];
    const registry = new TokenizerRegistry(config(), { load: loader.load, onLoadFailure: (_record, err) => raw.push(err) });
    registry.register({ name: 'bad-format', source: '/a.json' });
    registry.register({ name: 'crash', source: '/b.json' });
    await flush();
    loader.started[0]?.reject(new TokenizerFormatError("tokenizer.json uses what this gateway cannot run: model 'WordLevel'"));
    expect(await registry.settled('bad-format')).to.include({ state: 'failed', reason: "tokenizer.json uses what this gateway cannot run: model 'WordLevel'" });
    await flush();
    const secret = new Error('EACCES: permission denied, open /secret/path');
    loader.started[1]?.reject(secret);
    const crashed = await registry.settled('crash');
    expect(crashed?.reason).to.equal('the tokenizer could not be loaded (an unexpected error)');
    expect(raw).to.have.length(2).and.include(secret);
  });

  it('loads one tokenizer at a time, leaving the next pending', async () => {
    const loader = controlledLoader();
    const registry = new TokenizerRegistry(config(), { load: loader.load });
    registry.register({ name: 'a', source: '/a.json' });
    registry.register({ name: 'b', source: '/b.json' });
    await flush();
    expect([registry.status('a')?.state, registry.status('b')?.state]).to.deep.equal(['loading', 'pending']);
    expect(loader.started).to.have.length(1);
    loader.started[0]?.resolve(fakeTokenizer());
    await registry.settled('a');
    await flush();
    expect(registry.status('b')?.state).to.equal('loading');
  });

  it('refuses a taken name (naming the existing id) and a malformed spec', () => {
    const registry = new TokenizerRegistry(config(), { load: controlledLoader().load, createId: () => 'first' });
    registry.register({ name: 'x', source: 'o200k_base' });
    expect(() => registry.register({ name: 'x', source: 'cl100k_base' }))
      .to.throw(TokenizerNameTaken)
      .with.property('existingId', 'first');
    expect(() => registry.register({ name: 'bad\nname', source: 'o200k_base' })).to.throw(InvalidTokenizerSpec);
    expect(() => registry.register({ name: 'y', source: '' })).to.throw(InvalidTokenizerSpec);
  });

  it('removes by id or name; a load still running when it is removed does not bring it back', async () => {
    const loader = controlledLoader();
    const changes: TokenizerChange[] = [];
    const registry = new TokenizerRegistry(config(), { load: loader.load, onChange: (c) => changes.push(c) });
    const record = registry.register({ name: 'gone', source: '/g.json' });
    await flush();
    expect(registry.remove('gone')?.id).to.equal(record.id);
    loader.started[0]?.resolve(fakeTokenizer());
    await flush();
    expect(registry.list()).to.deep.equal([]);
    expect(registry.get(record.id)).to.equal(undefined);
    expect(changes.map((c) => c.type)).to.deep.equal(['registered', 'state', 'removed']);
    expect(registry.remove('gone')).to.equal(undefined);
  });

  it('survives an onChange hook that throws', async () => {
    const registry = new TokenizerRegistry(config(), {
      load: () => Promise.resolve(fakeTokenizer()),
      onChange: () => {
        throw new Error('disk full');
      },
    });
    registry.register({ name: 'ok', source: '/ok.json' });
    expect(await registry.settled('ok')).to.include({ state: 'ready' });
  });

  describe('forModel', () => {
    const ready = (): TokenizerRegistry =>
      new TokenizerRegistry(
        config({ models: { 'llama-3.1-8b': 'llama', 'llama-3*': 'llama-prefix', 'llama-3.2*': 'llama', 'mystery-*': 'not-registered' } }),
        { load: () => Promise.resolve(fakeTokenizer()) },
      );

    it('finds a tokenizer by id or name, then by the models map (exact, then the longest prefix)', async () => {
      const registry = ready();
      const llama = registry.register({ name: 'llama', source: '/l.json' });
      registry.register({ name: 'llama-prefix', source: '/p.json' });
      await registry.settled('llama-prefix');
      expect(registry.forModel(llama.id)).to.include({ kind: 'ready', name: 'llama' });
      expect(registry.forModel('llama-3.1-8b')).to.include({ kind: 'ready', name: 'llama' });
      expect(registry.forModel('llama-3.2-1b')).to.include({ kind: 'ready', name: 'llama' });
      expect(registry.forModel('llama-3.3-70b')).to.include({ kind: 'ready', name: 'llama-prefix' });
      expect(registry.forModel('mystery-7b')).to.deep.equal({
        kind: 'unknown',
        message: "Model 'mystery-7b' maps to tokenizer 'not-registered', which is not registered. Use POST /v1/tokenizers to add it.",
      });
    });

    it('resolves a model name that stands for a built-in encoding (loading first, then ready)', async () => {
      const registry = ready();
      const first = registry.forModel('gpt-4o-mini');
      if (first.kind === 'ready') expect(first.name).to.equal('o200k_base');
      else expect(first).to.deep.equal({ kind: 'loading', name: 'o200k_base', id: undefined });
      const resolved = await registry.resolveModel('gpt-4o-mini');
      expect(resolved).to.include({ kind: 'ready', name: 'o200k_base', id: undefined });
      expect(registry.forModel('gpt-4-0613')).to.include({ name: 'cl100k_base' });
    });

    it("treats SMG's default/unknown/empty model as the first registered tokenizer", async () => {
      const registry = ready();
      expect(registry.forModel('default')).to.deep.equal({ kind: 'unknown', message: 'No tokenizers available. Use POST /v1/tokenizers to add one.' });
      registry.register({ name: 'first', source: '/f.json' });
      registry.register({ name: 'second', source: '/s.json' });
      await registry.settled('second');
      for (const model of ['default', 'unknown', '']) expect(registry.forModel(model)).to.include({ kind: 'ready', name: 'first' });
      expect(registry.forModel('nope')).to.deep.equal({ kind: 'unknown', message: "Tokenizer for model 'nope' not found. Available: first, second" });
    });

    it('reports a failed tokenizer with its reason', async () => {
      const registry = new TokenizerRegistry(config(), { load: () => Promise.reject(new TokenizerFormatError('broken')) });
      registry.register({ name: 'broken', source: '/b.json' });
      await registry.settled('broken');
      expect(registry.forModel('broken')).to.include({ kind: 'failed', name: 'broken', reason: 'broken' });
    });
  });

  describe('countTokens', () => {
    it("counts exactly with the model's ready tokenizer", async () => {
      const registry = new TokenizerRegistry(config({ models: { m: 'fake' } }), { load: () => Promise.resolve(fakeTokenizer()) });
      registry.register({ name: 'fake', source: '/f.json' });
      await registry.settled('fake');
      expect(registry.countTokens('m', 'one two three')).to.deep.equal({ count: 3, tokenizer: 'fake', estimated: false });
    });

    it("in fast mode estimates with the fallback instead of a tokenizer.json tokenizer, but still uses a built-in one", async () => {
      const registry = new TokenizerRegistry(config({ models: { m: 'fake' } }), { load: () => Promise.resolve(fakeTokenizer()) });
      registry.register({ name: 'fake', source: '/f.json' });
      await registry.settled('fake');
      await registry.ready();
      expect(registry.countTokens('m', 'hello world', 'fast')).to.deep.equal({ count: 2, tokenizer: 'o200k_base', estimated: true });
      await registry.resolveModel('gpt-4');
      expect(registry.countTokens('gpt-4', 'hello world', 'fast')).to.deep.equal({ count: 2, tokenizer: 'cl100k_base', estimated: false });
    });

    it('estimates with o200k_base for a model without a tokenizer, and says so', async () => {
      const registry = new TokenizerRegistry(config(), { load: controlledLoader().load });
      await registry.ready();
      // "hello world" is [24912, 2375] in o200k_base (tiktoken).
      expect(registry.countTokens('some-local-model', 'hello world')).to.deep.equal({ count: 2, tokenizer: 'o200k_base', estimated: true });
    });

    it('estimates while the model\'s own tokenizer is still loading', async () => {
      const registry = new TokenizerRegistry(config({ models: { m: 'slow' } }), { load: controlledLoader().load });
      registry.register({ name: 'slow', source: '/s.json' });
      await registry.ready();
      expect(registry.countTokens('m', 'hello world')).to.include({ tokenizer: 'o200k_base', estimated: true });
    });

    it('counts characters / 4 in the moment before the fallback encoding is loaded', () => {
      const registry = new TokenizerRegistry(config(), { load: controlledLoader().load });
      expect(registry.countTokens('m', 'x'.repeat(10))).to.deep.equal({ count: 3, tokenizer: 'chars/4', estimated: true });
    });
  });

  describe('boot config and persistence', () => {
    it('registers preload entries and the loadable sources named in models, but not bare names', () => {
      const loader = controlledLoader();
      const registry = new TokenizerRegistry(
        config({ preload: [{ name: 'qwen', source: '/models/qwen' }], models: { a: 'qwen', b: 'cl100k_base', c: '/models/x/tokenizer.json', d: 'register-me-later' } }),
        { load: loader.load },
      );
      expect(registry.list().map((r) => [r.name, r.source])).to.deep.equal([
        ['qwen', '/models/qwen'],
        ['cl100k_base', 'cl100k_base'],
        ['/models/x/tokenizer.json', '/models/x/tokenizer.json'],
      ]);
      expect(() => new TokenizerRegistry(config({ preload: [{ name: 'q', source: 'o200k_base' }, { name: 'q', source: 'cl100k_base' }] }), { load: loader.load })).to.throw(TokenizerNameTaken);
    });

    it('snapshots registrations with their ids, and takes them back with the same ids', () => {
      const registry = new TokenizerRegistry(config(), { load: () => Promise.resolve(fakeTokenizer()) });
      registry.register({ name: 'a', source: '/a.json', chat_template_path: '/t.jinja' });
      registry.register({ name: 'b', source: 'o200k_base' });
      const saved = registry.snapshot();
      expect(saved.map(({ id: _id, ...rest }) => rest)).to.deep.equal([
        { name: 'a', source: '/a.json', chat_template_path: '/t.jinja' },
        { name: 'b', source: 'o200k_base' },
      ]);
      const restored = new TokenizerRegistry(config(), { load: () => Promise.resolve(fakeTokenizer()) });
      for (const { id, ...spec } of saved) restored.register(spec, { id });
      expect(restored.list().map((r) => r.id)).to.deep.equal(saved.map((s) => s.id));
    });
  });

  describe('with the real loader', () => {
    it('loads a tokenizer.json inside tokenizers.roots and refuses one outside with the uniform reason', async () => {
      const registry = new TokenizerRegistry(config({ roots: [join(FIXTURES, 'bert-uncased-subset')] }));
      registry.register({ name: 'bert', source: join(FIXTURES, 'bert-uncased-subset', 'tokenizer.json') });
      registry.register({ name: 'outside', source: join(FIXTURES, 'unigram-tiny', 'tokenizer.json') });
      expect(await registry.settled('bert')).to.include({ state: 'ready', vocabSize: 32, kind: 'huggingface' });
      const outside = await registry.settled('outside');
      expect(outside?.state).to.equal('failed');
      expect(outside?.reason).to.match(/^source was refused: .*inside one of the roots configured in tokenizers\.roots$/);
    });

    it('fails a hub id with no shipped tokenizer with a reason that says how to give a local file', async () => {
      const registry = new TokenizerRegistry(config({ roots: ['/srv/tokenizers'] }));
      registry.register({ name: 'llama', source: 'meta-llama/Llama-3.1-8B-Instruct' });
      const record = await registry.settled('llama');
      expect(record?.state).to.equal('failed');
      expect(record?.reason)
        .to.include("'meta-llama/Llama-3.1-8B-Instruct'")
        .and.include('downloads nothing')
        .and.include('tokenizers.roots setting (now: /srv/tokenizers)')
        .and.include('source: /path/to/that/dir/tokenizer.json');
    });

    it('resolves a hub id that matches a built-in encoding', async () => {
      const registry = new TokenizerRegistry(config());
      registry.register({ name: 'gpt-oss', source: 'openai/gpt-oss-20b' });
      expect(await registry.settled('gpt-oss')).to.include({ state: 'ready', kind: 'builtin' });
    });
  });
});
