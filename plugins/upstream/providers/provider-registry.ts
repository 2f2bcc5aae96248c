import type { ProviderAdapter } from './provider-contract.js';

/** Maps a worker runtime (`openai`, `vllm`, `demo` …) to the adapter that speaks to it. */
export class ProviderRegistry {
  readonly #byRuntime = new Map<string, ProviderAdapter>();
  readonly #adapters: ProviderAdapter[] = [];

  register(adapter: ProviderAdapter): void {
    for (const runtime of adapter.runtimes) {
      if (this.#byRuntime.has(runtime)) throw new Error(`A provider for runtime "${runtime}" is already registered.`);
      this.#byRuntime.set(runtime, adapter);
    }
    this.#adapters.push(adapter);
  }

  forRuntime(runtime: string): ProviderAdapter {
    const adapter = this.#byRuntime.get(runtime);
    if (adapter === undefined) throw new Error(`No provider adapter for runtime "${runtime}".`);
    return adapter;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.#adapters.map((a) => (a.close ? a.close() : Promise.resolve())));
  }
}
