import { randomUUID } from 'node:crypto';
import { loadBuiltinEncoding, type BuiltinEncodingName } from './builtin-encodings.js';
import { matchBuiltinAlias } from './hub-aliases.js';
import { classifySource, loadTokenizerSource } from './load-tokenizer-source.js';
import type { LoadedTokenizer } from './tokenizer-contract.js';
import { ChatTemplateError, TokenizerFileRefused, TokenizerFormatError, TokenizerSourceUnavailable } from './tokenizer-errors.js';
import type { TokenizerSpec, TokenizersConfig } from './tokenizers-config.js';

/** pending (queued) → loading → ready | failed. */
export type TokenizerState = 'pending' | 'loading' | 'ready' | 'failed';

export interface TokenizerRecord {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly chatTemplatePath: string | undefined;
  readonly state: TokenizerState;
  /** Why it failed, written for the admin who registered it. */
  readonly reason: string | undefined;
  readonly vocabSize: number | undefined;
  readonly kind: LoadedTokenizer['kind'] | undefined;
  readonly createdAt: string;
}

export interface ReadyTokenizer {
  readonly record: TokenizerRecord;
  readonly tokenizer: LoadedTokenizer;
}

/** For persistence: `registered`/`removed` change what to store; `state` only reports progress. */
export type TokenizerChange =
  | { readonly type: 'registered'; readonly record: TokenizerRecord }
  | { readonly type: 'state'; readonly record: TokenizerRecord }
  | { readonly type: 'removed'; readonly record: TokenizerRecord };

/** What a model (or tokenizer id/name) resolves to. `id` is absent for a built-in found by alias. */
export type TokenizerLookup =
  | { readonly kind: 'ready'; readonly name: string; readonly id: string | undefined; readonly tokenizer: LoadedTokenizer }
  | { readonly kind: 'loading'; readonly name: string; readonly id: string | undefined }
  | { readonly kind: 'failed'; readonly name: string; readonly id: string; readonly reason: string }
  | { readonly kind: 'unknown'; readonly message: string };

export interface TokenCount {
  readonly count: number;
  /** The tokenizer that counted: a registered name, a built-in encoding, or `chars/4`. */
  readonly tokenizer: string;
  /** True when the model's own tokenizer was not used. */
  readonly estimated: boolean;
}

export interface TokenizerRegistryOptions {
  /** Called after every change; a throwing hook is ignored so it cannot break registration. */
  readonly onChange?: (change: TokenizerChange) => void;
  readonly createId?: () => string;
  /** Sees the raw error of a failed load (for the log); the record's reason never carries it. */
  readonly onLoadFailure?: (record: TokenizerRecord, error: unknown) => void;
  /** How a source becomes a tokenizer; tests replace it to control timing. */
  readonly load?: (spec: TokenizerSpec, config: TokenizersConfig) => Promise<LoadedTokenizer>;
}

export class TokenizerNameTaken extends Error {
  constructor(readonly existingId: string, name: string) {
    super(`Tokenizer '${name}' already exists`);
    this.name = 'TokenizerNameTaken';
  }
}

export class InvalidTokenizerSpec extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenizerSpec';
  }
}

interface Entry {
  record: TokenizerRecord;
  tokenizer: LoadedTokenizer | undefined;
  readonly settled: Promise<TokenizerRecord>;
  readonly settle: (record: TokenizerRecord) => void;
}

/** Names that SMG's /v1/tokenize treats as "whichever tokenizer there is". */
const DEFAULT_MODEL_NAMES = new Set(['', 'default', 'unknown']);
const MAX_NAME_LENGTH = 256;

/**
 * The gateway's tokenizers: registered at runtime (POST /v1/tokenizers) or at boot (`preload`,
 * and file/built-in sources named in `models`), loaded one at a time in the background, and
 * looked up by id, name, or the model they serve.
 */
export class TokenizerRegistry {
  readonly #config: TokenizersConfig;
  readonly #onChange: ((change: TokenizerChange) => void) | undefined;
  readonly #onLoadFailure: ((record: TokenizerRecord, error: unknown) => void) | undefined;
  readonly #createId: () => string;
  readonly #load: (spec: TokenizerSpec, config: TokenizersConfig) => Promise<LoadedTokenizer>;
  readonly #byId = new Map<string, Entry>();
  readonly #idByName = new Map<string, string>();
  readonly #models: ReadonlyMap<string, string>;
  readonly #modelPrefixes: ReadonlyArray<readonly [string, string]>;
  readonly #builtins = new Map<BuiltinEncodingName, LoadedTokenizer>();
  readonly #builtinLoads = new Map<BuiltinEncodingName, Promise<LoadedTokenizer | undefined>>();
  /** Loads run one after another: each tokenizer.json is parsed on the event loop. */
  #queue: Promise<void> = Promise.resolve();

  constructor(config: TokenizersConfig, options: TokenizerRegistryOptions = {}) {
    this.#config = config;
    this.#onChange = options.onChange;
    this.#onLoadFailure = options.onLoadFailure;
    this.#createId = options.createId ?? randomUUID;
    this.#load = options.load ?? loadTokenizerSource;

    const exact = new Map<string, string>();
    const prefixes: Array<readonly [string, string]> = [];
    for (const [model, tokenizer] of Object.entries(config.models)) {
      if (model.endsWith('*')) prefixes.push([model.slice(0, -1), tokenizer]);
      else exact.set(model, tokenizer);
    }
    this.#models = exact;
    // Longest prefix first, so `llama-3.1*` wins over `llama*`.
    this.#modelPrefixes = prefixes.sort((a, b) => b[0].length - a[0].length);

    for (const spec of config.preload) this.register(spec);
    // A models value that is itself a loadable source (a path or built-in) needs no separate entry.
    for (const value of new Set(Object.values(config.models))) {
      if (!this.#idByName.has(value) && classifySource(value).kind !== 'unavailable') this.register({ name: value, source: value });
    }
    // The fallback encoding loads on first use (countTokens) or ready(): a gateway that never
    // estimates tokens does not pay for parsing its ranks at boot.
  }

  /** Registers a tokenizer and answers at once; loading goes on in the background. */
  register(spec: TokenizerSpec, options: { readonly id?: string } = {}): TokenizerRecord {
    checkSpec(spec);
    const existing = this.#idByName.get(spec.name);
    if (existing !== undefined) throw new TokenizerNameTaken(existing, spec.name);
    const id = options.id ?? this.#createId();
    if (this.#byId.has(id)) throw new InvalidTokenizerSpec(`a tokenizer with id '${id}' already exists`);

    let settle: (record: TokenizerRecord) => void = () => undefined;
    const settled = new Promise<TokenizerRecord>((resolve) => {
      settle = resolve;
    });
    const record: TokenizerRecord = {
      id,
      name: spec.name,
      source: spec.source,
      chatTemplatePath: spec.chat_template_path,
      state: 'pending',
      reason: undefined,
      vocabSize: undefined,
      kind: undefined,
      createdAt: new Date().toISOString(),
    };
    const entry: Entry = { record, tokenizer: undefined, settled, settle };
    this.#byId.set(id, entry);
    this.#idByName.set(spec.name, id);
    this.#emit({ type: 'registered', record });
    this.#queue = this.#queue.then(() => this.#runLoad(entry, spec));
    return record;
  }

  /** The record for an id or a name. */
  status(idOrName: string): TokenizerRecord | undefined {
    return this.#entry(idOrName)?.record;
  }

  /** A ready tokenizer by id or name. */
  get(idOrName: string): ReadyTokenizer | undefined {
    const entry = this.#entry(idOrName);
    return entry?.tokenizer === undefined ? undefined : { record: entry.record, tokenizer: entry.tokenizer };
  }

  list(): TokenizerRecord[] {
    return [...this.#byId.values()].map((entry) => entry.record);
  }

  /** Removes by id or name; a load still running is discarded when it ends. */
  remove(idOrName: string): TokenizerRecord | undefined {
    const entry = this.#entry(idOrName);
    if (entry === undefined) return undefined;
    this.#byId.delete(entry.record.id);
    this.#idByName.delete(entry.record.name);
    this.#emit({ type: 'removed', record: entry.record });
    return entry.record;
  }

  /** Resolves once the tokenizer is ready or failed (at once if it already is). */
  async settled(idOrName: string): Promise<TokenizerRecord | undefined> {
    return this.#entry(idOrName)?.settled;
  }

  /** Waits for the fallback encoding (countTokens counts chars/4 until it is loaded). */
  async ready(): Promise<void> {
    await this.#loadBuiltin(this.#config.fallback_encoding);
  }

  /**
   * The tokenizer for a model, without waiting: an id or name, then `models` (exact, then the
   * longest `prefix*`), then a built-in encoding the model name stands for (gpt-4o → o200k_base),
   * then, for SMG's `default`/`unknown`/empty model, the first registered tokenizer.
   */
  forModel(model: string): TokenizerLookup {
    const direct = this.#entry(model);
    if (direct !== undefined) return lookupOf(direct);

    const mapped = this.#models.get(model) ?? this.#modelPrefixes.find(([prefix]) => model.startsWith(prefix))?.[1];
    if (mapped !== undefined) {
      const entry = this.#entry(mapped);
      if (entry !== undefined) return lookupOf(entry);
      return { kind: 'unknown', message: `Model '${model}' maps to tokenizer '${mapped}', which is not registered. Use POST /v1/tokenizers to add it.` };
    }

    const alias = matchBuiltinAlias(model);
    if (alias !== undefined) {
      const tokenizer = this.#builtins.get(alias);
      if (tokenizer !== undefined) return { kind: 'ready', name: alias, id: undefined, tokenizer };
      void this.#loadBuiltin(alias);
      return { kind: 'loading', name: alias, id: undefined };
    }

    const first = this.#byId.values().next();
    if (DEFAULT_MODEL_NAMES.has(model) && first.done !== true) return lookupOf(first.value);

    const names = [...this.#idByName.keys()];
    return {
      kind: 'unknown',
      message:
        names.length === 0
          ? 'No tokenizers available. Use POST /v1/tokenizers to add one.'
          : `Tokenizer for model '${model}' not found. Available: ${names.join(', ')}`,
    };
  }

  /** forModel, but waits for a tokenizer that is still loading. */
  async resolveModel(model: string): Promise<TokenizerLookup> {
    const lookup = this.forModel(model);
    if (lookup.kind !== 'loading') return lookup;
    if (lookup.id !== undefined) await this.settled(lookup.id);
    else {
      const alias = matchBuiltinAlias(model);
      if (alias !== undefined) await this.#loadBuiltin(alias);
    }
    return this.forModel(model);
  }

  /**
   * The gateway's fast path (rate-limit estimates, costing a stream without usage): the model's
   * own tokenizer when it is ready, else the fallback encoding (o200k_base by default), else —
   * only until that is loaded, which the first call starts (or `ready()`) — characters / 4.
   *
   * `fast` skips a tokenizer.json tokenizer (pure JS, several times slower than the built-ins; see
   * the bench) for the fallback encoding, for callers that want an estimate on the event loop.
   */
  countTokens(model: string, text: string, mode: 'exact' | 'fast' = 'exact'): TokenCount {
    const lookup = this.forModel(model);
    if (lookup.kind === 'ready' && (mode === 'exact' || lookup.tokenizer.kind === 'builtin')) {
      return { count: lookup.tokenizer.encode(text, { addSpecialTokens: false }).length, tokenizer: lookup.name, estimated: false };
    }
    const fallback = this.#builtins.get(this.#config.fallback_encoding);
    if (fallback !== undefined) return { count: fallback.encode(text, { addSpecialTokens: false }).length, tokenizer: this.#config.fallback_encoding, estimated: true };
    void this.#loadBuiltin(this.#config.fallback_encoding);
    return { count: Math.ceil(text.length / 4), tokenizer: 'chars/4', estimated: true };
  }

  /** What to persist: every registration, in order, with its id. */
  snapshot(): Array<TokenizerSpec & { readonly id: string }> {
    return this.list().map((record) => ({
      id: record.id,
      name: record.name,
      source: record.source,
      ...(record.chatTemplatePath === undefined ? {} : { chat_template_path: record.chatTemplatePath }),
    }));
  }

  #entry(idOrName: string): Entry | undefined {
    const byId = this.#byId.get(idOrName);
    if (byId !== undefined) return byId;
    const id = this.#idByName.get(idOrName);
    return id === undefined ? undefined : this.#byId.get(id);
  }

  async #runLoad(entry: Entry, spec: TokenizerSpec): Promise<void> {
    if (!this.#isCurrent(entry)) return entry.settle(entry.record);
    this.#update(entry, { state: 'loading' });
    let next: Partial<TokenizerRecord>;
    try {
      const tokenizer = await this.#load(spec, this.#config);
      entry.tokenizer = tokenizer;
      next = { state: 'ready', vocabSize: tokenizer.vocabSize, kind: tokenizer.kind };
    } catch (err) {
      next = { state: 'failed', reason: describeFailure(err) };
      try {
        this.#onLoadFailure?.(entry.record, err);
      } catch {
        // A logging hook that throws must not leave the tokenizer stuck in `loading`.
      }
    }
    if (this.#isCurrent(entry)) this.#update(entry, next);
    else entry.record = { ...entry.record, ...next };
    entry.settle(entry.record);
  }

  #isCurrent(entry: Entry): boolean {
    return this.#byId.get(entry.record.id) === entry;
  }

  #update(entry: Entry, change: Partial<TokenizerRecord>): void {
    entry.record = { ...entry.record, ...change };
    this.#emit({ type: 'state', record: entry.record });
  }

  #emit(change: TokenizerChange): void {
    try {
      this.#onChange?.(change);
    } catch {
      // The hook belongs to the caller (persistence); its failure must not undo a registration.
    }
  }

  #loadBuiltin(name: BuiltinEncodingName): Promise<LoadedTokenizer | undefined> {
    let pending = this.#builtinLoads.get(name);
    if (pending === undefined) {
      pending = loadBuiltinEncoding(name).then(
        (tokenizer) => {
          this.#builtins.set(name, tokenizer);
          return tokenizer;
        },
        () => {
          this.#builtinLoads.delete(name);
          return undefined;
        },
      );
      this.#builtinLoads.set(name, pending);
    }
    return pending;
  }
}

export function createTokenizerRegistry(config: TokenizersConfig, options?: TokenizerRegistryOptions): TokenizerRegistry {
  return new TokenizerRegistry(config, options);
}

function lookupOf(entry: Entry): TokenizerLookup {
  const { id, name, state, reason } = entry.record;
  if (entry.tokenizer !== undefined) return { kind: 'ready', name, id, tokenizer: entry.tokenizer };
  if (state === 'failed') return { kind: 'failed', name, id, reason: reason ?? 'failed to load' };
  return { kind: 'loading', name, id };
}

function checkSpec(spec: TokenizerSpec): void {
  if (typeof spec.name !== 'string' || spec.name === '' || spec.name.length > MAX_NAME_LENGTH || /\p{Cc}/u.test(spec.name)) {
    throw new InvalidTokenizerSpec(`name must be 1–${String(MAX_NAME_LENGTH)} characters without control characters`);
  }
  if (typeof spec.source !== 'string' || spec.source === '' || spec.source.length > 4096 || spec.source.includes('\0')) {
    throw new InvalidTokenizerSpec('source must be a non-empty path, built-in encoding name or hub id');
  }
  if (spec.chat_template_path !== undefined && (typeof spec.chat_template_path !== 'string' || spec.chat_template_path === '')) {
    throw new InvalidTokenizerSpec('chat_template_path must be a non-empty path');
  }
}

/** Only this module's own errors carry a message fit for the admin; anything else could name a path. */
function describeFailure(err: unknown): string {
  if (
    err instanceof TokenizerFileRefused ||
    err instanceof TokenizerFormatError ||
    err instanceof TokenizerSourceUnavailable ||
    err instanceof ChatTemplateError
  ) {
    return err.message;
  }
  return 'the tokenizer could not be loaded (an unexpected error)';
}
