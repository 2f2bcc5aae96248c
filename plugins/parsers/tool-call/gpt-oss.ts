import { isPlausibleFunctionName } from '../function-name.js';
import { HarmonyScanner, type HarmonyHeader } from '../harmony-scanner.js';
import type { StreamMachine } from '../machine-stream.js';
import { StreamedJsonArguments } from '../streamed-json-arguments.js';
import type { ToolCallEmitter } from '../tool-call-emitter.js';

type Target = 'text' | 'drop' | 'call';

/**
 * `gpt_oss` (harmony): a message with a `to=` recipient is a call, its content the JSON arguments:
 * `<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{"city": "Paris"}<|call|>`.
 * `final` and plain `commentary` content is normal text; `analysis` is dropped here, as in SGLang —
 * run the gpt_oss reasoning parser first to keep it as reasoning.
 */
class GptOssMachine implements StreamMachine {
  readonly #emitter: ToolCallEmitter;
  readonly #scanner: HarmonyScanner;
  #target: Target = 'text';
  #arguments: StreamedJsonArguments | undefined;

  constructor(emitter: ToolCallEmitter) {
    this.#emitter = emitter;
    this.#scanner = new HarmonyScanner({
      outside: (text) => this.#emitter.text(text),
      messageStart: (header) => this.#start(header),
      content: (text) => {
        if (this.#target === 'text') this.#emitter.text(text);
        else if (this.#target === 'call') this.#arguments?.feed(text, 0, text.length);
      },
      messageEnd: () => {
        this.#arguments?.end();
        this.#arguments = undefined;
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

  #start(header: HarmonyHeader): void {
    const recipient = header.recipient;
    if (recipient !== undefined) {
      // `functions.get_weather` → `get_weather`; built-in tools (`browser.search`) keep their last part, as in SMG.
      const name = recipient.slice(recipient.lastIndexOf('.') + 1);
      if (isPlausibleFunctionName(name)) {
        this.#arguments = new StreamedJsonArguments(this.#emitter, this.#emitter.beginCall(name));
        this.#target = 'call';
        return;
      }
    }
    this.#target = header.channel === 'analysis' ? 'drop' : 'text';
  }
}

export function createGptOssMachine(emitter: ToolCallEmitter): StreamMachine {
  return new GptOssMachine(emitter);
}
