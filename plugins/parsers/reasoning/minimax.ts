import type { StreamMachine } from '../machine-stream.js';
import type { ReasoningParserOptions } from '../parser-types.js';
import type { ReasoningEmitter } from '../reasoning-emitter.js';
import { createThinkTagParserMachine } from './think-tag-family.js';

/**
 * `minimax` (MiniMax-M2): reasoning from the first token (SMG prepends `<think>`): `Let me think…</think>The answer is 4.`; later `<think>` blocks between tool calls are reasoning too.
 */
export function createMinimaxMachine(emitter: ReasoningEmitter, options: ReasoningParserOptions): StreamMachine {
  return createThinkTagParserMachine(emitter, options, { open: '<think>', close: '</think>', startInReasoning: true });
}
