import type { StreamMachine } from '../machine-stream.js';
import type { ReasoningParserOptions } from '../parser-types.js';
import type { ReasoningEmitter } from '../reasoning-emitter.js';
import { createThinkTagParserMachine } from './think-tag-family.js';

/**
 * `glm45` (GLM-4.5/4.6/4.7): `<think>Let me think…</think>The answer is 4.`
 */
export function createGlm45Machine(emitter: ReasoningEmitter, options: ReasoningParserOptions): StreamMachine {
  return createThinkTagParserMachine(emitter, options, { open: '<think>', close: '</think>', startInReasoning: false });
}
