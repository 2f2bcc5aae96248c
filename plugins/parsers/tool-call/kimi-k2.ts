import type { StreamMachine } from '../machine-stream.js';
import { SpecialTokenCallsMachine, type CallHeader } from '../special-token-calls-machine.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';

/**
 * Kimi's call id is `functions.NAME:INDEX`. It is kept as the call id because Kimi's chat template
 * renders ids back in that form on the next turn.
 */
export function parseKimiHeader(header: string): CallHeader | undefined {
  const id = header.trim();
  const colon = id.lastIndexOf(':');
  const qualified = colon >= 0 && /^\d+$/.test(id.slice(colon + 1)) ? id.slice(0, colon) : id;
  const name = qualified.slice(qualified.lastIndexOf('.') + 1).trim();
  return name === '' ? undefined : { name, id };
}

/**
 * `kimi_k2`: `<|tool_calls_section_begin|><|tool_call_begin|>functions.get_weather:0<|tool_call_argument_begin|>{"city": "Paris"}<|tool_call_end|><|tool_calls_section_end|>`
 */
export function createKimiK2Machine(emitter: ToolCallEmitter): StreamMachine {
  return new SpecialTokenCallsMachine(emitter, {
    sectionBegin: '<|tool_calls_section_begin|>',
    sectionEnd: '<|tool_calls_section_end|>',
    callBegin: '<|tool_call_begin|>',
    callEnd: '<|tool_call_end|>',
    headerEnd: '<|tool_call_argument_begin|>',
    parseHeader: parseKimiHeader,
  });
}
