import type { Logger } from 'pino';
import type { StateDirectory } from '../../core/state/state-directory.js';
import { readSavedList } from '../../core/state/read-saved-list.js';
import { TokenizerNameTaken, type TokenizerRegistry } from './tokenizer-registry.js';
import type { TokenizerSpec } from './tokenizers-config.js';

const FILE = 'tokenizers.json';

/** A registration as kept on disk (schemas/state/tokenizer-registration.schema.json). */
export type SavedTokenizer = TokenizerSpec & { readonly id: string };

/**
 * The tokenizers registered through the API, kept in the state directory so a restart loads them
 * again under the same ids. Those from config (`preload`, `models`) are not saved: config brings
 * them back itself. Without a state directory this keeps nothing and says nothing.
 */
export class SavedTokenizers {
  readonly #registered = new Set<string>();
  /** Writes one after another, so the file ends as the last change left it. */
  #writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: StateDirectory | undefined,
    private readonly registry: TokenizerRegistry,
    private readonly logger: Logger,
    /** The state schema's guard: a hand-edited file never smuggles in a malformed registration. */
    private readonly isSaved: (value: unknown) => value is SavedTokenizer,
  ) {}

  /** Registers again what was saved (loading runs in the background, as for a POST). */
  async restore(): Promise<void> {
    const saved = await readSavedList(this.state, FILE, this.isSaved, this.logger, { one: 'tokenizer', many: 'tokenizers' });
    for (const entry of saved) {
      const { id, ...spec } = entry;
      try {
        this.registry.register(spec, { id });
        this.#registered.add(id);
      } catch (err) {
        // Config now declares the same name (or id): config wins, the saved one is dropped on the next save.
        const reason = err instanceof TokenizerNameTaken ? 'its name is taken by a tokenizer from config' : err instanceof Error ? err.message : 'unknown';
        this.logger.warn({ file: FILE, tokenizer: entry.name, reason }, 'saved tokenizer not restored');
      }
    }
  }

  /** A tokenizer the API registered: saved at once. */
  async added(id: string): Promise<void> {
    this.#registered.add(id);
    await this.#save();
  }

  /** A tokenizer the API removed; only a saved one changes the file. */
  async removed(id: string): Promise<void> {
    if (this.#registered.delete(id)) await this.#save();
  }

  #save(): Promise<void> {
    const state = this.state;
    if (state === undefined) return Promise.resolve();
    const write = this.#writes.then(() => state.writeJson(FILE, this.registry.snapshot().filter((entry) => this.#registered.has(entry.id))));
    // The chain survives a failed write; the caller still sees the failure.
    this.#writes = write.catch(() => undefined);
    return write;
  }
}
