import type { StreamMachine } from '../machine-stream.js';
import type { ReasoningParserOptions } from '../parser-types.js';
import type { ReasoningEmitter } from '../reasoning-emitter.js';
import { createThinkTagParserMachine } from './think-tag-family.js';

/**
 * `qwen3` (Qwen3 hybrid models, thinking on): the model writes the block itself: `<think>Let me think…</think>The answer is 4.` With `enableThinking: false` no block is expected and all text is normal.
 */
export function createQwen3Machine(emitter: ReasoningEmitter, options: ReasoningParserOptions): StreamMachine {
  return createThinkTagParserMachine(emitter, options, { open: '<think>', close: '</think>', startInReasoning: false });
}
