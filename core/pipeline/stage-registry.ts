import type { AnyStageDefinition } from './stage-contract.js';

const STAGE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?::[a-z0-9][a-z0-9-]*)?$/;

/** Every stage definition the gateway can place in a pipeline, from every plugin. */
export class StageRegistry {
  readonly #definitions = new Map<string, AnyStageDefinition>();
  /** Stage names with a prefix (`wasm:<policy>`) resolved by whoever owns that kind of stage. */
  readonly #families = new Map<string, (name: string) => AnyStageDefinition | undefined>();
  readonly #implicit: string[] = [];

  /**
   * A stage every pipeline starts with unless its route disables it by name (e.g. the WASM host's
   * stage that runs policies registered for all routes).
   */
  registerImplicit(definition: AnyStageDefinition): void {
    this.register(definition);
    this.#implicit.push(definition.name);
  }

  get implicit(): readonly string[] {
    return this.#implicit;
  }

  registerFamily(prefix: string, resolve: (name: string) => AnyStageDefinition | undefined): void {
    if (this.#families.has(prefix)) throw new Error(`Stage family "${prefix}" is already registered.`);
    this.#families.set(prefix, resolve);
  }

  register(definition: AnyStageDefinition): void {
    if (!STAGE_NAME.test(definition.name)) throw new Error(`Stage name "${definition.name}" must be kebab-case.`);
    if (this.#definitions.has(definition.name)) throw new Error(`Stage "${definition.name}" is already registered.`);
    this.#definitions.set(definition.name, definition);
  }

  get(name: string): AnyStageDefinition | undefined {
    const colon = name.indexOf(':');
    if (colon > 0) return this.#families.get(name.slice(0, colon + 1))?.(name);
    return this.#definitions.get(name);
  }

  names(): string[] {
    return [...this.#definitions.keys()].sort();
  }

  families(): string[] {
    return [...this.#families.keys()].map((prefix) => `${prefix}<name>`);
  }
}
