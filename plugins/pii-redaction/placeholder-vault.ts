import { inspect } from 'node:util';

/** `<EMAIL_1>`: an entity type, an underscore and a number, in angle brackets. */
export const PLACEHOLDER_PATTERN_SOURCE = '<([A-Z][A-Z0-9_]{0,39})_([1-9]\\d{0,5})>';
/** The longest placeholder the grammar allows (type 40, number 6, `<`, `_`, `>`). */
export const MAX_PLACEHOLDER_LENGTH = 49;

/**
 * One request's reversible mapping: each distinct (type, value) gets `<TYPE_n>`, numbered per type in
 * order of first appearance; the response direction maps placeholders back. It holds the very values
 * redaction exists to hide, so it never serialises or prints them: JSON.stringify, util.inspect (and
 * so console.log and pino) show only how many placeholders it holds.
 */
export class PlaceholderVault {
  readonly #placeholderByKey = new Map<string, string>();
  readonly #valueByPlaceholder = new Map<string, string>();
  readonly #countByType = new Map<string, number>();

  /** The placeholder for `value` of `entityType`, minted on first use. */
  placeholderFor(entityType: string, value: string): string {
    const key = `${entityType}\u0000${value}`;
    const existing = this.#placeholderByKey.get(key);
    if (existing !== undefined) return existing;
    const number = (this.#countByType.get(entityType) ?? 0) + 1;
    this.#countByType.set(entityType, number);
    const placeholder = `<${entityType}_${number}>`;
    this.#placeholderByKey.set(key, placeholder);
    this.#valueByPlaceholder.set(placeholder, value);
    return placeholder;
  }

  /** The original value behind a placeholder this vault minted, or undefined. */
  valueOf(placeholder: string): string | undefined {
    return this.#valueByPlaceholder.get(placeholder);
  }

  get size(): number {
    return this.#valueByPlaceholder.size;
  }

  toJSON(): { placeholders: number } {
    return { placeholders: this.size };
  }

  toString(): string {
    return `[PlaceholderVault: ${this.size} placeholders]`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
