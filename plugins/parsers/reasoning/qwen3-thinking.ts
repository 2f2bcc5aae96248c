import type { StreamMachine } from '../machine-stream.js';
import type { ReasoningParserOptions } from '../parser-types.js';
import type { ReasoningEmitter } from '../reasoning-emitter.js';
import { createThinkTagParserMachine } from './think-tag-family.js';

/**
 * `qwen3_thinking` (Qwen3-*-Thinking-2507, QwQ): the template opens `<think>`, so the output starts inside reasoning: `Let me think…</think>The answer is 4.`
 */
export function createQwen3ThinkingMachine(emitter: ReasoningEmitter, options: ReasoningParserOptions): StreamMachine {
  return createThinkTagParserMachine(emitter, options, { open: '<think>', close: '</think>', startInReasoning: true });
}
