import type { StreamMachine } from '../machine-stream.js';
import { SpecialTokenCallsMachine, type CallHeader, type SpecialTokenFormat } from '../special-token-calls-machine.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';

// DeepSeek's special tokens use FULLWIDTH VERTICAL LINE (U+FF5C) and LOWER ONE EIGHTH BLOCK (U+2581).
const TOOL_SEP = '<｜tool▁sep｜>';

function stripFence(text: string): string {
  return text.replace(/```(?:json)?/g, '').trim();
}

/**
 * V3 headers read `function<｜tool▁sep｜>NAME\n```json\n`, V3.1 headers `NAME<｜tool▁sep｜>`; both
 * are accepted by either parser name, since checkpoints and templates mix them.
 */
export function parseDeepSeekHeader(header: string): CallHeader | undefined {
  const sep = header.indexOf(TOOL_SEP);
  if (sep < 0) {
    const name = stripFence(header);
    return name === '' ? undefined : { name };
  }
  const before = header.slice(0, sep).trim();
  const after = header.slice(sep + TOOL_SEP.length);
  if (before === 'function' || before === '') {
    const name = stripFence(after).split('\n')[0]?.trim() ?? '';
    return name === '' ? undefined : { name };
  }
  return { name: before };
}

export const DEEPSEEK_FORMAT: SpecialTokenFormat = {
  sectionBegin: '<｜tool▁calls▁begin｜>',
  sectionEnd: '<｜tool▁calls▁end｜>',
  callBegin: '<｜tool▁call▁begin｜>',
  callEnd: '<｜tool▁call▁end｜>',
  parseHeader: parseDeepSeekHeader,
};

/**
 * `deepseek_v3` (DeepSeek V3, R1-0528):
 * `<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{"city": "Paris"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>`
 */
export function createDeepSeekV3Machine(emitter: ToolCallEmitter): StreamMachine {
  return new SpecialTokenCallsMachine(emitter, DEEPSEEK_FORMAT);
}
