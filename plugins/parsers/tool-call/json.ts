import { JsonCallsMachine } from '../json-calls-machine.js';
import type { StreamMachine } from '../machine-stream.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';

/**
 * `json`: calls as bare JSON anywhere in the text, one object or an array of them:
 * `{"name": "get_weather", "arguments": {"city": "Paris"}}` (`parameters` is accepted too).
 */
export function createJsonMachine(emitter: ToolCallEmitter): StreamMachine {
  return new JsonCallsMachine(emitter, { announcers: [], bareCalls: 'anywhere', separators: '' });
}
