import type { StreamMachine } from '../machine-stream.js';
import type { ReasoningParserOptions } from '../parser-types.js';
import type { ReasoningEmitter } from '../reasoning-emitter.js';
import { PlainTextMachine, ThinkTagMachine } from '../think-tag-machine.js';

/** A reasoning parser built on think tags: tags, and whether its models start inside the block. */
export function createThinkTagParserMachine(
  emitter: ReasoningEmitter,
  options: ReasoningParserOptions,
  tags: { open: string; close: string; startInReasoning: boolean },
): StreamMachine {
  if (options.enableThinking === false) return new PlainTextMachine(emitter);
  return new ThinkTagMachine(emitter, { ...tags, startInReasoning: options.startInReasoning ?? tags.startInReasoning });
}
