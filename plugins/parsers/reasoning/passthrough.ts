import type { StreamMachine } from '../machine-stream.js';
import type { ReasoningEmitter } from '../reasoning-emitter.js';
import { PlainTextMachine } from '../think-tag-machine.js';

/** `passthrough`: no reasoning; all text is normal text, unchanged. */
export function createPassthroughReasoningMachine(emitter: ReasoningEmitter): StreamMachine {
  return new PlainTextMachine(emitter);
}
