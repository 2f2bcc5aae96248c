import type { StreamMachine } from '../machine-stream.js';
import type { ReasoningParserOptions } from '../parser-types.js';
import type { ReasoningEmitter } from '../reasoning-emitter.js';
import { createThinkTagParserMachine } from './think-tag-family.js';

/**
 * `deepseek_r1` (DeepSeek-R1 and its distills): the template opens `<think>`, so the output starts inside reasoning and R1 often omits the opening tag: `Let me think…</think>The answer is 4.`
 */
export function createDeepseekR1Machine(emitter: ReasoningEmitter, options: ReasoningParserOptions): StreamMachine {
  return createThinkTagParserMachine(emitter, options, { open: '<think>', close: '</think>', startInReasoning: true });
}
