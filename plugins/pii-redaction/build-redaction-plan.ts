import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { createAnalyzer, type Analyzer } from './analyzer.js';
import { applyEntityActions, type ActionSettings } from './apply-entity-actions.js';
import { createBuiltinRecognizer } from './builtin-recognizers.js';
import { compileContextPattern, DEFAULT_CONTEXT_WORDS, type ContextPattern } from './context-words.js';
import { EntityTally, type EntityCounts } from './entity-tally.js';
import { BUILTIN_ENTITY_TYPES, ENTITY_TYPE_PATTERN, type EntityAction, type RedactionDirection } from './entity-types.js';
import { decodeJsonEscapes, JsonEscapeDecoder } from './json-escape-decoder.js';
import { createNamedValidator } from './named-validators.js';
import type { CustomRecognizerConfig, PiiRedactionConfig, ReversibleSetting } from './pii-redaction-config.js';
import { PlaceholderVault } from './placeholder-vault.js';
import { createPlaceholderRestorer, restorePlaceholders, type PlaceholderRestorer, type RestoreInto } from './placeholder-restorer.js';
import type { Recognizer } from './recognizer.js';
import { createCustomPatternRecognizer } from './recognizers/custom-pattern-recognizer.js';
import { createDenyListRecognizer } from './recognizers/deny-list-recognizer.js';
import { createStreamRedactor, type StreamRedactor } from './stream-redactor.js';
import { createTenantHashKeys } from './tenant-hash-keys.js';

/** A config the schema accepts but that cannot work (unknown region, hash without key, unsafe regex…). */
export class PiiRedactionConfigError extends Error {
  override readonly name = 'PiiRedactionConfigError';
}

export type ReversibleMode = 'off' | 'placeholders' | 'restore';

export interface RedactionResult extends EntityCounts {
  readonly text: string;
}

/** A response stream in full: model output redacted, then (restore mode) placeholders put back. */
export interface ResponseStream {
  push(delta: string): string;
  flush(): string;
  counts(): EntityCounts;
  readonly blocked: boolean;
  /** Placeholders restored so far. */
  readonly restored: number;
}

/** Everything the stage needs, built once per config: nothing is compiled per request. */
export interface RedactionPlan {
  readonly analyzer: Analyzer;
  readonly reversible: ReversibleMode;
  readonly maxHoldbackChars: number;
  actionFor(entityType: string, direction: RedactionDirection): EntityAction;
  /** A fresh vault for one request, or undefined when reversible mode is off. */
  createVault(): PlaceholderVault | undefined;
  /** Redacts one whole text. In the request direction with reversible mode on, pass the request's vault. */
  redactText(text: string, direction: RedactionDirection, vault?: PlaceholderVault, hashKey?: string): RedactionResult;
  /** Redacts one stream (one choice) in `direction`. */
  createStreamRedactor(direction: RedactionDirection, vault?: PlaceholderVault, hashKey?: string): StreamRedactor;
  /** Response text in full: redact, then restore the vault's placeholders when the mode is `restore`. */
  processResponseText(text: string, vault?: PlaceholderVault, hashKey?: string, into?: RestoreInto): RedactionResult & { readonly restored: number };
  /** The streaming form of processResponseText, one per choice (and per tool call's arguments: `into: 'json'`). */
  createResponseStream(vault?: PlaceholderVault, hashKey?: string, into?: RestoreInto): ResponseStream;
  /**
   * The `hash` key for a caller's tenant (pass it to the calls above): `hash_key` itself with
   * `hash_scope: global`, else the tenant's own key. Undefined when no action hashes.
   */
  hashKeyFor(tenant: string): string | undefined;
}

function reversibleMode(setting: ReversibleSetting): ReversibleMode {
  if (setting === true) return 'restore';
  if (setting === false) return 'off';
  return setting;
}

function toRegion(code: string, field: string): CountryCode {
  if (!isSupportedCountry(code)) throw new PiiRedactionConfigError(`${field}: "${code}" is not a region libphonenumber knows`);
  return code;
}

interface TypeSettings {
  readonly threshold: number;
  readonly request: EntityAction;
  readonly response: EntityAction;
  readonly contextWords: readonly string[];
}

function createCustomRecognizer(custom: CustomRecognizerConfig, phoneRegions: readonly CountryCode[], holdback: number): Recognizer {
  if (custom.deny_list !== undefined) {
    return createDenyListRecognizer({
      name: custom.name,
      entityType: custom.entity_type,
      words: custom.deny_list,
      caseInsensitive: custom.case_insensitive,
      score: custom.score,
    });
  }
  if (custom.pattern === undefined) throw new PiiRedactionConfigError(`custom recognizer "${custom.name}": needs pattern or deny_list`);
  if (custom.max_length > holdback / 2) {
    throw new PiiRedactionConfigError(`custom recognizer "${custom.name}": max_length ${custom.max_length} must be at most half of stream_holdback_max_chars (${holdback})`);
  }
  try {
    return createCustomPatternRecognizer({
      name: custom.name,
      entityType: custom.entity_type,
      pattern: custom.pattern,
      flags: custom.flags,
      score: custom.score,
      maxLength: custom.max_length,
      ...(custom.validator === undefined ? {} : { validate: createNamedValidator(custom.validator, phoneRegions) }),
    });
  } catch (error) {
    throw new PiiRedactionConfigError(error instanceof Error ? error.message : String(error));
  }
}

/** Turns a validated config (defaults filled) into analyzer + action plan. Throws PiiRedactionConfigError. */
export function buildRedactionPlan(config: PiiRedactionConfig): RedactionPlan {
  const phoneRegions = [toRegion(config.default_region, 'default_region')];
  for (const region of config.phone_regions) {
    const code = toRegion(region, 'phone_regions');
    if (!phoneRegions.includes(code)) phoneRegions.push(code);
  }
  const holdback = config.stream_holdback_max_chars;
  const settings = new Map<string, TypeSettings>();
  const recognizers: Recognizer[] = [];
  for (const entityType of BUILTIN_ENTITY_TYPES) {
    const entity = config.entities[entityType];
    if (!entity.enabled) continue;
    settings.set(entityType, {
      threshold: entity.threshold,
      request: entity.request,
      response: entity.response,
      contextWords: [...DEFAULT_CONTEXT_WORDS[entityType], ...entity.context_words],
    });
    recognizers.push(createBuiltinRecognizer(entityType, { phoneRegions, entropyThreshold: config.entropy_threshold }));
  }
  for (const custom of config.custom_recognizers) {
    if (!ENTITY_TYPE_PATTERN.test(custom.entity_type) || (BUILTIN_ENTITY_TYPES as readonly string[]).includes(custom.entity_type)) {
      throw new PiiRedactionConfigError(`custom recognizer "${custom.name}": entity_type "${custom.entity_type}" must be upper snake case and not a built-in type`);
    }
    const own: TypeSettings = { threshold: custom.threshold, request: custom.request, response: custom.response, contextWords: custom.context_words };
    const shared = settings.get(custom.entity_type);
    if (shared !== undefined && (shared.threshold !== own.threshold || shared.request !== own.request || shared.response !== own.response)) {
      throw new PiiRedactionConfigError(`custom recognizer "${custom.name}": ${custom.entity_type} is already configured with another threshold or actions`);
    }
    settings.set(custom.entity_type, shared === undefined ? own : { ...shared, contextWords: [...shared.contextWords, ...own.contextWords] });
    recognizers.push(createCustomRecognizer(custom, phoneRegions, holdback));
  }
  const usesHash = [...settings.values()].some((entry) => entry.request === 'hash' || entry.response === 'hash');
  if (usesHash && config.hash_key === undefined) throw new PiiRedactionConfigError('hash_key is required when any action is "hash"');
  const hashKeyFor = createTenantHashKeys(usesHash ? config.hash_key : undefined, config.hash_scope, config.tenant_hash_keys ?? {});

  const thresholds = new Map<string, number>();
  const contextPatterns = new Map<string, ContextPattern>();
  for (const [entityType, entry] of settings) {
    thresholds.set(entityType, entry.threshold);
    const pattern = compileContextPattern(entry.contextWords);
    if (pattern !== undefined) contextPatterns.set(entityType, pattern);
  }
  const analyzer = createAnalyzer({ recognizers, thresholds, contextPatterns, contextWindow: config.context_window_chars });
  const reversible = reversibleMode(config.reversible);

  const actionFor = (entityType: string, direction: RedactionDirection): EntityAction => settings.get(entityType)?.[direction] ?? 'mask';
  // Built once: without a vault in play the settings are the same for every text and request.
  const plainSettings: Record<RedactionDirection, ActionSettings> = {
    request: { actionFor: (entityType) => actionFor(entityType, 'request'), hashKey: config.hash_key, hashLength: config.hash_length, vault: undefined },
    response: { actionFor: (entityType) => actionFor(entityType, 'response'), hashKey: config.hash_key, hashLength: config.hash_length, vault: undefined },
  };
  function actionSettings(direction: RedactionDirection, vault: PlaceholderVault | undefined, hashKey: string | undefined): ActionSettings {
    const key = hashKey ?? config.hash_key;
    if (key !== config.hash_key) return { ...actionSettings(direction, vault, undefined), hashKey: key };
    if (direction === 'response' || reversible === 'off') return plainSettings[direction];
    if (vault === undefined) {
      throw new Error('pii-redaction: reversible mode numbers placeholders through the request\'s vault; pass plan.createVault()');
    }
    return {
      actionFor: (entityType) => actionFor(entityType, direction),
      hashKey: config.hash_key,
      hashLength: config.hash_length,
      // New entities in an answer are masked plainly; only the request's entities get numbers.
      vault,
    };
  }

  function redactText(text: string, direction: RedactionDirection, vault?: PlaceholderVault, hashKey?: string): RedactionResult {
    const tally = new EntityTally();
    const findings = analyzer.analyze(text);
    const out = applyEntityActions(text, 0, text.length, findings, actionSettings(direction, vault, hashKey), tally);
    return { text: out, ...tally.snapshot() };
  }

  function createDirectionalStream(direction: RedactionDirection, vault?: PlaceholderVault, hashKey?: string): StreamRedactor {
    return createStreamRedactor({ analyzer, actions: actionSettings(direction, vault, hashKey), maxHoldbackChars: holdback });
  }

  return {
    analyzer,
    reversible,
    maxHoldbackChars: holdback,
    actionFor,
    createVault: () => (reversible === 'off' ? undefined : new PlaceholderVault()),
    redactText,
    createStreamRedactor: createDirectionalStream,
    hashKeyFor,
    processResponseText(text, vault, hashKey, into) {
      // JSON arguments: the recognizers read the values, not their escapes (`jane\u0040…`).
      // Arguments where nothing was found or restored leave with their own bytes.
      const read = into === 'json' ? decodeJsonEscapes(text) : text;
      const redacted = redactText(read, 'response', undefined, hashKey);
      if (reversible !== 'restore' || vault === undefined) return { ...redacted, text: redacted.text === read ? text : redacted.text, restored: 0 };
      const restored = restorePlaceholders(redacted.text, vault, into);
      return { ...redacted, text: restored.text === read ? text : restored.text, restored: restored.restored };
    },
    createResponseStream(vault, hashKey, into) {
      const restorer = reversible === 'restore' && vault !== undefined ? createPlaceholderRestorer(vault, into) : undefined;
      return new RedactThenRestore(createDirectionalStream('response', undefined, hashKey), restorer, into === 'json' ? new JsonEscapeDecoder() : undefined);
    },
  };
}

// A class rather than a literal with getters: V8 builds those in its runtime (µs each), per choice.
class RedactThenRestore implements ResponseStream {
  readonly #redactor: StreamRedactor;
  readonly #restorer: PlaceholderRestorer | undefined;
  /** JSON arguments: escapes written out before the redactor reads them, an escape split across fragments held. */
  readonly #decoder: JsonEscapeDecoder | undefined;

  constructor(redactor: StreamRedactor, restorer: PlaceholderRestorer | undefined, decoder: JsonEscapeDecoder | undefined) {
    this.#redactor = redactor;
    this.#restorer = restorer;
    this.#decoder = decoder;
  }

  push(delta: string): string {
    const out = this.#redactor.push(this.#decoder === undefined ? delta : this.#decoder.push(delta));
    return this.#restorer === undefined ? out : this.#restorer.push(out);
  }

  flush(): string {
    const rest = this.#decoder?.flush() ?? '';
    const out = (rest === '' ? '' : this.#redactor.push(rest)) + this.#redactor.flush();
    return this.#restorer === undefined ? out : this.#restorer.push(out) + this.#restorer.flush();
  }

  counts(): EntityCounts {
    return this.#redactor.counts();
  }

  get blocked(): boolean {
    return this.#redactor.blocked;
  }

  get restored(): number {
    return this.#restorer?.restored ?? 0;
  }
}
