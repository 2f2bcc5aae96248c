import { JsonCallsMachine } from '../json-calls-machine.js';
import type { StreamMachine } from '../machine-stream.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';

/**
 * `llama3` (Llama 3.1/3.2/3.3 JSON tool calling): `<|python_tag|>` followed by a call object, or a
 * call object as the whole answer; several calls are separated by `;`:
 * `{"name": "get_weather", "parameters": {"city": "Paris"}}; {"name": …}`.
 * A `{` in the middle of prose is prose.
 */
export function createLlama3Machine(emitter: ToolCallEmitter): StreamMachine {
  return new JsonCallsMachine(emitter, { announcers: ['<|python_tag|>'], bareCalls: 'at-boundary', separators: ';' });
}
