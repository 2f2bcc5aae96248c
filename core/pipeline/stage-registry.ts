import type { AnyStageDefinition, StageDefinition } from './stage-contract.js';

/** Every stage definition the gateway can place in a pipeline, built-in or registered at runtime. */
export class StageRegistry {
  readonly #definitions = new Map<string, AnyStageDefinition>();
  /** Stage names with a prefix (`wasm:<policy>`) resolved by whoever owns that kind of stage. */
  readonly #families = new Map<string, (name: string) => AnyStageDefinition>();

  readonly #implicit: string[] = [];

  /**
   * A stage every pipeline starts with unless its route disables it by name (e.g. the WASM host's
   * stage that runs policies registered for all routes).
   */
  registerImplicit<C>(definition: StageDefinition<C>): void {
    this.register(definition);
    this.#implicit.push(definition.name);
  }

  get implicit(): readonly string[] {
    return this.#implicit;
  }

  registerFamily<C>(prefix: string, resolve: (name: string) => StageDefinition<C>): void {
    this.#families.set(prefix, resolve);
  }

  register<C>(definition: StageDefinition<C>): void {
    if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?::[a-z0-9][a-z0-9-]*)?$/.test(definition.name)) {
      throw new Error(`Stage name "${definition.name}" must be kebab-case.`);
    }
    if (this.#definitions.has(definition.name)) {
      throw new Error(`Stage "${definition.name}" is already registered.`);
    }
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
}
