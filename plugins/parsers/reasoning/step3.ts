import type { StreamMachine } from '../machine-stream.js';
import type { ReasoningParserOptions } from '../parser-types.js';
import type { ReasoningEmitter } from '../reasoning-emitter.js';
import { createThinkTagParserMachine } from './think-tag-family.js';

/**
 * `step3` (StepFun Step-3): the template opens `<think>`: `Let me think…</think>The answer is 4.`
 */
export function createStep3Machine(emitter: ReasoningEmitter, options: ReasoningParserOptions): StreamMachine {
  return createThinkTagParserMachine(emitter, options, { open: '<think>', close: '</think>', startInReasoning: true });
}
