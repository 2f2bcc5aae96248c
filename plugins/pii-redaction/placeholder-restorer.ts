import { MAX_PLACEHOLDER_LENGTH, PLACEHOLDER_PATTERN_SOURCE, type PlaceholderVault } from './placeholder-vault.js';

const PLACEHOLDER = new RegExp(PLACEHOLDER_PATTERN_SOURCE, 'g');
// A tail that could still become a placeholder: "<", "<EMA", "<EMAIL_", "<EMAIL_1".
const PARTIAL_PLACEHOLDER = /<(?:[A-Z][A-Z0-9_]{0,40}(?:_?[1-9]?\d{0,5})?)?$/;

export interface RestoreResult {
  readonly text: string;
  /** How many placeholders were put back. */
  readonly restored: number;
}

/**
 * Where restored values land: plain text, or JSON text (tool-call arguments) where a placeholder
 * sits inside a string, so a value is written as string content.
 */
export type RestoreInto = 'text' | 'json';

/** Puts back the values of placeholders `vault` minted; unknown ones stay as they are. */
export function restorePlaceholders(text: string, vault: PlaceholderVault, into: RestoreInto = 'text'): RestoreResult {
  let restored = 0;
  const out = text.replace(PLACEHOLDER, (placeholder) => {
    const value = vault.valueOf(placeholder);
    if (value === undefined) return placeholder;
    restored++;
    return into === 'json' ? asJsonStringContent(value) : value;
  });
  return { text: out, restored };
}

/**
 * A value as JSON string content. One taken from JSON text (a tool call's arguments going up) is
 * already escaped and goes back as it was; one taken from plain text with a quote, a backslash or
 * a control character is escaped, so the arguments stay valid JSON either way.
 */
function asJsonStringContent(value: string): string {
  // A value that JSON.stringify leaves alone needs no escaping (the common case: no regex, no parse).
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped === value) return value;
  try {
    JSON.parse(`"${value}"`);
    return value;
  } catch {
    return escaped;
  }
}

export interface PlaceholderRestorer {
  /** Text safe to emit now: placeholders restored, a tail that could be a placeholder's start held back. */
  push(delta: string): string;
  /** Whatever is held, at finish, error or abort. */
  flush(): string;
  /** How many placeholders were restored so far. */
  readonly restored: number;
}

/** The response direction of reversible mode, for streams: `<EMA` + `IL_1>` still restores. */
export function createPlaceholderRestorer(vault: PlaceholderVault, into: RestoreInto = 'text'): PlaceholderRestorer {
  return new StreamPlaceholderRestorer(vault, into);
}

// A class rather than a literal with a `restored` getter: V8 builds those in its runtime, slowly.
class StreamPlaceholderRestorer implements PlaceholderRestorer {
  readonly #vault: PlaceholderVault;
  readonly #into: RestoreInto;
  #held = '';
  #restored = 0;

  constructor(vault: PlaceholderVault, into: RestoreInto) {
    this.#vault = vault;
    this.#into = into;
  }

  push(delta: string): string {
    const text = this.#held + delta;
    const searchFrom = Math.max(0, text.length - MAX_PLACEHOLDER_LENGTH);
    const partial = PARTIAL_PLACEHOLDER.exec(text.slice(searchFrom));
    const cut = partial === null ? text.length : searchFrom + partial.index;
    this.#held = text.slice(cut);
    return this.#restore(text.slice(0, cut));
  }

  flush(): string {
    const text = this.#held;
    this.#held = '';
    return this.#restore(text);
  }

  get restored(): number {
    return this.#restored;
  }

  #restore(text: string): string {
    const result = restorePlaceholders(text, this.#vault, this.#into);
    this.#restored += result.restored;
    return result.text;
  }
}
