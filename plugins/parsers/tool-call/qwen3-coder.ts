import type { StreamMachine } from '../machine-stream.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';
import { XmlInvokeCallsMachine } from '../xml-invoke-calls-machine.js';

/**
 * `qwen3_coder` (Qwen3-Coder, Qwen3-Next, Qwen3.5 XML calls):
 * `<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n</function>\n</tool_call>`
 */
export function createQwen3CoderMachine(emitter: ToolCallEmitter): StreamMachine {
  return new XmlInvokeCallsMachine(emitter, {
    blockBegin: '<tool_call>',
    blockEnd: '</tool_call>',
    invokeBegin: '<function=',
    invokeNameEnd: '>',
    invokeEnd: '</function>',
    parameterBegin: '<parameter=',
    parameterNameEnd: '>',
    parameterEnd: '</parameter>',
    bareInvokes: true,
    xmlEscapedValues: false,
  });
}
