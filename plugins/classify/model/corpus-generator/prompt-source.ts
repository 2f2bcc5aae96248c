import type { SeededRandom } from '../seeded-random.js';

/**
 * Where the generator draws one label's training prompts from. Frames are strings with `{slot}`
 * holes; `{topic}` and `{topic2}` are filled from `topics`, any other slot from `slots`.
 */
export interface PromptSource {
  readonly label: string;
  /** Hand-written prompts, used as they are. */
  readonly seeds: readonly string[];
  readonly topics: readonly string[];
  /** Frames only this label uses. */
  readonly frames: readonly string[];
  readonly slots: Readonly<Record<string, readonly string[]>>;
  /** Procedural prompts (numbers, code snippets), drawn with the generator's random source. */
  readonly composers: readonly ((random: SeededRandom) => string)[];
  /** Whether the knowledge-question frames every subject shares apply to this label's topics. */
  readonly sharedFrames: boolean;
  /** How many prompts to draw beyond the seeds. */
  readonly draws: number;
}
