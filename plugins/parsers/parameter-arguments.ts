import { coerceParameterValue, declaredParameterType } from './coerce-parameter-value.js';
import type { ToolCallEmitter } from './tool-call-emitter.js';

/**
 * Arguments built from key/value pairs (the XML-style formats): each pair is sent as soon as it is
 * complete — `{"city": "Paris"`, then `, "days": 3` — and `end` closes the object.
 */
export class ParameterArguments {
  readonly #emitter: ToolCallEmitter;
  readonly #index: number | undefined;
  readonly #parameters: unknown;
  #count = 0;
  #ended = false;

  constructor(emitter: ToolCallEmitter, index: number | undefined, functionName: string) {
    this.#emitter = emitter;
    this.#index = index;
    this.#parameters = emitter.parametersOf(functionName);
  }

  /** A raw text value, typed by the schema. */
  add(key: string, rawValue: string): void {
    const name = key.trim();
    this.addJson(name, coerceParameterValue(rawValue, declaredParameterType(this.#parameters, name)));
  }

  /** Whether the schema declares the parameter a string (so its value can stream as it arrives). */
  isString(key: string): boolean {
    return declaredParameterType(this.#parameters, key.trim()) === 'string';
  }

  /** Opens a string value; `appendString` streams its text, `closeString` ends it. */
  openString(key: string): void {
    if (this.#ended) return;
    this.#emitter.arguments(this.#index, `${this.#count === 0 ? '{' : ', '}${JSON.stringify(key.trim())}: "`);
    this.#count += 1;
  }

  appendString(text: string): void {
    if (this.#ended || text === '') return;
    this.#emitter.arguments(this.#index, JSON.stringify(text).slice(1, -1));
  }

  closeString(): void {
    if (this.#ended) return;
    this.#emitter.arguments(this.#index, '"');
  }

  /** A value already in JSON. */
  addJson(key: string, json: string): void {
    if (this.#ended) return;
    this.#emitter.arguments(this.#index, `${this.#count === 0 ? '{' : ', '}${JSON.stringify(key)}: ${json}`);
    this.#count += 1;
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#emitter.arguments(this.#index, this.#count === 0 ? '{}' : '}');
  }
}
