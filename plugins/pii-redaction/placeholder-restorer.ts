import { MAX_PLACEHOLDER_LENGTH, PLACEHOLDER_PATTERN_SOURCE, type PlaceholderVault } from './placeholder-vault.js';

const PLACEHOLDER = new RegExp(PLACEHOLDER_PATTERN_SOURCE, 'g');
// A tail that could still become a placeholder: "<", "<EMA", "<EMAIL_", "<EMAIL_1".
const PARTIAL_PLACEHOLDER = /<(?:[A-Z][A-Z0-9_]{0,40}(?:_?[1-9]?\d{0,5})?)?$/;

export interface RestoreResult {
  readonly text: string;
  /** How many placeholders were put back. */
  readonly restored: number;
}

/** Puts back the values of placeholders `vault` minted; unknown ones stay as they are. */
export function restorePlaceholders(text: string, vault: PlaceholderVault): RestoreResult {
  let restored = 0;
  const out = text.replace(PLACEHOLDER, (placeholder) => {
    const value = vault.valueOf(placeholder);
    if (value === undefined) return placeholder;
    restored++;
    return value;
  });
  return { text: out, restored };
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
export function createPlaceholderRestorer(vault: PlaceholderVault): PlaceholderRestorer {
  return new StreamPlaceholderRestorer(vault);
}

// A class rather than a literal with a `restored` getter: V8 builds those in its runtime, slowly.
class StreamPlaceholderRestorer implements PlaceholderRestorer {
  readonly #vault: PlaceholderVault;
  #held = '';
  #restored = 0;

  constructor(vault: PlaceholderVault) {
    this.#vault = vault;
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
    const result = restorePlaceholders(text, this.#vault);
    this.#restored += result.restored;
    return result.text;
  }
}
