import type { StreamMachine } from '../machine-stream.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';
import { XmlInvokeCallsMachine } from '../xml-invoke-calls-machine.js';

/**
 * `step3` (StepFun Step-3): special tokens around "StepTML" invocations; the per-call tokens
 * (`<｜tool_call_begin｜>function<｜tool_sep｜>` … `<｜tool_call_end｜>`) are layout inside the block:
 * `<｜tool_calls_begin｜><｜tool_call_begin｜>function<｜tool_sep｜><steptml:invoke name="get_weather"><steptml:parameter name="city">Paris</steptml:parameter></steptml:invoke><｜tool_call_end｜><｜tool_calls_end｜>`
 * (the bars are U+FF5C FULLWIDTH VERTICAL LINE).
 */
export function createStep3Machine(emitter: ToolCallEmitter): StreamMachine {
  return new XmlInvokeCallsMachine(emitter, {
    blockBegin: '<｜tool_calls_begin｜>',
    blockEnd: '<｜tool_calls_end｜>',
    invokeBegin: '<steptml:invoke name="',
    invokeNameEnd: '">',
    invokeEnd: '</steptml:invoke>',
    parameterBegin: '<steptml:parameter name="',
    parameterNameEnd: '">',
    parameterEnd: '</steptml:parameter>',
    bareInvokes: false,
    xmlEscapedValues: false,
  });
}
