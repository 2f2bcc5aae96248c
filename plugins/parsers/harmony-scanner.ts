import { MarkerScanner } from './marker-search.js';

/**
 * OpenAI's harmony format (gpt-oss) as a stream of messages:
 * `<|channel|>analysis<|message|>…<|end|><|start|>assistant<|channel|>commentary to=functions.f <|constrain|>json<|message|>{…}<|call|>`.
 * The scanner only finds the structure; what a channel means is up to the parser using it.
 */

export interface HarmonyHeader {
  /** The header as written, from its opening marker up to (not including) `<|message|>`. */
  readonly raw: string;
  readonly channel: string;
  /** The `to=` recipient: `functions.get_weather` for a tool call. */
  readonly recipient: string | undefined;
}

export interface HarmonyHandler {
  /** Text outside any message (a model that writes no harmony markup at all). */
  outside(text: string): void;
  messageStart(header: HarmonyHeader): void;
  content(text: string): void;
  /** `terminator` is `<|end|>`, `<|call|>` or `<|return|>`, or '' when the message was cut off. */
  messageEnd(terminator: string): void;
}

export const HARMONY_START = '<|start|>';
export const HARMONY_CHANNEL = '<|channel|>';
export const HARMONY_MESSAGE = '<|message|>';
const TERMINATORS = ['<|end|>', '<|call|>', '<|return|>'] as const;
const MAX_HEADER_LENGTH = 1024;

export function parseHarmonyHeader(raw: string): HarmonyHeader {
  const channelAt = raw.indexOf(HARMONY_CHANNEL);
  const channel = channelAt < 0 ? '' : (/^\s*([^\s<]*)/.exec(raw.slice(channelAt + HARMONY_CHANNEL.length))?.[1] ?? '');
  const recipient = /(?:^|\s|>)to=([^\s<]+)/.exec(raw)?.[1];
  return { raw, channel, recipient };
}

type Mode = 'outside' | 'header' | 'content';

export class HarmonyScanner {
  readonly #markers = new MarkerScanner();
  readonly #handler: HarmonyHandler;
  #mode: Mode = 'outside';
  #header = '';

  constructor(handler: HarmonyHandler) {
    this.#handler = handler;
  }

  step(input: string, from: number, final: boolean): number {
    let i = from;
    while (i < input.length) {
      const mode = this.#mode;
      const next = this.#stepMode(input, i, final);
      const progressed = next !== i || this.#mode !== mode;
      i = next;
      if (!progressed) break;
    }
    return i;
  }

  end(): void {
    if (this.#mode === 'content') this.#handler.messageEnd('');
    this.#mode = 'outside';
  }

  #stepMode(input: string, from: number, final: boolean): number {
    switch (this.#mode) {
      case 'outside': {
        const scan = this.#markers.region(input, from, [HARMONY_START, HARMONY_CHANNEL, ...TERMINATORS], final);
        this.#handler.outside(input.slice(from, scan.end));
        if (scan.hit === undefined) return scan.end;
        // A stray terminator outside a message is markup, not text.
        if (scan.hit.which >= 2) return scan.hit.end;
        this.#header = input.slice(scan.hit.at, scan.hit.end);
        this.#mode = 'header';
        return scan.hit.end;
      }
      case 'header': {
        const scan = this.#markers.region(input, from, [HARMONY_MESSAGE, HARMONY_START], final);
        this.#header += input.slice(from, scan.end);
        if (this.#header.length > MAX_HEADER_LENGTH) {
          // Not a header after all: it goes back as text.
          this.#handler.outside(this.#header);
          this.#header = '';
          this.#mode = 'outside';
          return scan.end;
        }
        if (scan.hit === undefined) return scan.end;
        if (scan.hit.which === 1) {
          this.#header = HARMONY_START;
          return scan.hit.end;
        }
        this.#handler.messageStart(parseHarmonyHeader(this.#header));
        this.#header = '';
        this.#mode = 'content';
        return scan.hit.end;
      }
      case 'content': {
        const scan = this.#markers.region(input, from, [...TERMINATORS, HARMONY_START, HARMONY_CHANNEL], final);
        this.#handler.content(input.slice(from, scan.end));
        if (scan.hit === undefined) return scan.end;
        this.#mode = 'outside';
        if (scan.hit.which < TERMINATORS.length) {
          this.#handler.messageEnd(TERMINATORS[scan.hit.which] ?? '');
          return scan.hit.end;
        }
        this.#handler.messageEnd('');
        return scan.hit.at;
      }
    }
  }
}
