import type { StreamMachine } from '../machine-stream.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';
import { XmlInvokeCallsMachine } from '../xml-invoke-calls-machine.js';

/**
 * `minimax_m2` (MiniMax-M2): one block, any number of invokes:
 * `<minimax:tool_call>\n<invoke name="get_weather">\n<parameter name="city">Paris</parameter>\n</invoke>\n</minimax:tool_call>`
 */
export function createMinimaxM2Machine(emitter: ToolCallEmitter): StreamMachine {
  return new XmlInvokeCallsMachine(emitter, {
    blockBegin: '<minimax:tool_call>',
    blockEnd: '</minimax:tool_call>',
    invokeBegin: '<invoke name="',
    invokeNameEnd: '">',
    invokeEnd: '</invoke>',
    parameterBegin: '<parameter name="',
    parameterNameEnd: '">',
    parameterEnd: '</parameter>',
    bareInvokes: false,
    xmlEscapedValues: true,
  });
}
