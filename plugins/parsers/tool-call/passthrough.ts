import type { StreamMachine } from '../machine-stream.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';

/** `passthrough`: no tool calls; all text is normal text, unchanged. */
export function createPassthroughMachine(emitter: ToolCallEmitter): StreamMachine {
  return {
    step(input: string, from: number): number {
      emitter.text(input.slice(from));
      return input.length;
    },
    end(): void {
      emitter.end();
    },
  };
}
