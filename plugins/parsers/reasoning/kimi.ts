import type { StreamMachine } from '../machine-stream.js';
import type { ReasoningParserOptions } from '../parser-types.js';
import type { ReasoningEmitter } from '../reasoning-emitter.js';
import { createThinkTagParserMachine } from './think-tag-family.js';

/**
 * `kimi` (Kimi-VL/K1.5 thinking): `◁think▷Let me think…◁/think▷The answer is 4.` (U+25C1 and U+25B7 triangles).
 */
export function createKimiMachine(emitter: ReasoningEmitter, options: ReasoningParserOptions): StreamMachine {
  return createThinkTagParserMachine(emitter, options, { open: '◁think▷', close: '◁/think▷', startInReasoning: false });
}
