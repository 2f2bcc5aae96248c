import type { StreamMachine } from '../machine-stream.js';
import { SpecialTokenCallsMachine } from '../special-token-calls-machine.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';
import { DEEPSEEK_FORMAT } from './deepseek-v3.js';

/**
 * `deepseek_v31` (DeepSeek V3.1, V3.2-Exp): the V3 tokens without the `function` type and the code
 * fence: `<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_weather<｜tool▁sep｜>{"city": "Paris"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>`
 */
export function createDeepSeekV31Machine(emitter: ToolCallEmitter): StreamMachine {
  return new SpecialTokenCallsMachine(emitter, DEEPSEEK_FORMAT);
}
