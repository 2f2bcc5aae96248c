import type { TokenizerRegistry } from './tokenizer-registry.js';

/**
 * Token counts for the rest of the gateway (rate-limit estimates …), handed to other plugins when
 * the built-in plugins are put together. Bound to the registry once the tokenizers plugin is set
 * up; before that (or without the plugin) it counts characters / 4.
 */
export interface PromptTokenCounter {
  /** Tokens of `text` for `model`: its own tokenizer when it has a built-in or ready one, else the fallback encoding. */
  count(model: string, text: string): number;
}

export class LateBoundTokenCounter implements PromptTokenCounter {
  #registry: TokenizerRegistry | undefined;

  bind(registry: TokenizerRegistry): void {
    this.#registry = registry;
  }

  count(model: string, text: string): number {
    // 'fast': a tokenizer.json in pure JS is several times slower than gpt-tokenizer; an estimate on
    // the request path takes the fallback encoding for it instead (see the README's bench).
    return this.#registry?.countTokens(model, text, 'fast').count ?? Math.ceil(text.length / 4);
  }
}
