import { HARMONY_MESSAGE, HarmonyScanner, type HarmonyHeader } from '../harmony-scanner.js';
import type { StreamMachine } from '../machine-stream.js';
import type { ReasoningParserOptions } from '../parser-types.js';
import type { ReasoningEmitter } from '../reasoning-emitter.js';

type Target = 'reasoning' | 'text' | 'raw';

/**
 * `gpt_oss` (harmony): the `analysis` channel is reasoning, `final` (and plain `commentary`) is
 * normal text: `<|channel|>analysis<|message|>Let me think…<|end|><|start|>assistant<|channel|>final<|message|>The answer is 4.<|return|>`.
 * Tool-call messages (those with a `to=` recipient) pass through as written, so the gpt_oss tool
 * parser can read them from the normal text next.
 */
class GptOssReasoningMachine implements StreamMachine {
  readonly #emitter: ReasoningEmitter;
  readonly #scanner: HarmonyScanner;
  #target: Target = 'text';

  constructor(emitter: ReasoningEmitter, analysisIsReasoning: boolean) {
    this.#emitter = emitter;
    this.#scanner = new HarmonyScanner({
      outside: (text) => this.#emitter.text(text),
      messageStart: (header) => this.#start(header, analysisIsReasoning),
      content: (text) => {
        if (this.#target === 'reasoning') this.#emitter.reasoning(text);
        else this.#emitter.text(text);
      },
      messageEnd: (terminator) => {
        if (this.#target === 'reasoning') this.#emitter.endReasoning();
        else if (this.#target === 'raw') this.#emitter.text(terminator);
        this.#target = 'text';
      },
    });
  }

  step(input: string, from: number, final: boolean): number {
    return this.#scanner.step(input, from, final);
  }

  end(): void {
    this.#scanner.end();
    this.#emitter.end();
  }

  #start(header: HarmonyHeader, analysisIsReasoning: boolean): void {
    if (header.recipient !== undefined) {
      this.#target = 'raw';
      this.#emitter.text(header.raw + HARMONY_MESSAGE);
    } else if (header.channel === 'analysis' && analysisIsReasoning) {
      this.#target = 'reasoning';
      this.#emitter.beginReasoning();
    } else {
      this.#target = 'text';
    }
  }
}

export function createGptOssReasoningMachine(emitter: ReasoningEmitter, options: ReasoningParserOptions): StreamMachine {
  return new GptOssReasoningMachine(emitter, options.enableThinking !== false);
}
