/**
 * Typed, namespaced per-request state. A stage creates its keys once at module scope
 * (`createStateKey<Decision>('routing.decision')`); keys compare by identity, so two stages
 * that pick the same name still never read each other's values.
 */
export interface StateKey<T> {
  readonly name: string;
  /** Phantom field: carries T for the type checker only. */
  readonly __type?: T;
}

export function createStateKey<T>(name: string): StateKey<T> {
  return Object.freeze({ name });
}

export class ExchangeState {
  readonly #values = new Map<StateKey<unknown>, unknown>();

  get<T>(key: StateKey<T>): T | undefined {
    return this.#values.get(key) as T | undefined;
  }

  set<T>(key: StateKey<T>, value: T): void {
    this.#values.set(key, value);
  }

  has(key: StateKey<unknown>): boolean {
    return this.#values.has(key);
  }
}
