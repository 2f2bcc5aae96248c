/**
 * Services a stage shares with its other instances (one per route, per generation): a rate-limit
 * counter must count a key's requests across every route and survive a pipeline rebuild. Created
 * on first use, closed when the app closes. Keys compare by identity, like StateKey.
 */
export interface ServiceKey<T> {
  readonly name: string;
  readonly __type?: T;
}

export function createServiceKey<T>(name: string): ServiceKey<T> {
  return Object.freeze({ name });
}

interface Entry {
  readonly value: unknown;
  readonly close: (() => Promise<void>) | undefined;
}

export class SharedServices {
  readonly #entries = new Map<ServiceKey<unknown>, Entry>();

  getOrCreate<T>(key: ServiceKey<T>, create: () => T, close?: (value: T) => Promise<void>): T {
    const found = this.#entries.get(key);
    if (found !== undefined) return found.value as T;
    const value = create();
    this.#entries.set(key, { value, close: close === undefined ? undefined : () => close(value) });
    return value;
  }

  async close(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.allSettled(entries.map((e) => (e.close ? e.close() : Promise.resolve())));
  }
}
