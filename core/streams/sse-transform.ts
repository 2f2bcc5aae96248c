import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export interface SseEvent {
  readonly event: string | undefined;
  readonly data: string;
}

export interface SseMapper {
  /** Output text for one input event (may be empty). */
  onEvent(event: SseEvent): string;
  /** Output text when the input ends (a closing event, or an error if the input stopped short). */
  onEnd(): string;
}

/**
 * Re-frames one SSE dialect as another, event by event (never the whole stream): used where a
 * stage or dialect must read the text, e.g. Anthropic ⇄ OpenAI streaming.
 */
export function createSseTransform(mapper: SseMapper): Transform {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const drain = (push: (text: string) => void): void => {
    let boundary = pending.search(/\r?\n\r?\n/);
    while (boundary !== -1) {
      const block = pending.slice(0, boundary);
      pending = pending.slice(boundary + (pending[boundary] === '\r' ? 4 : 2));
      const event = parseBlock(block);
      if (event !== undefined) push(mapper.onEvent(event));
      boundary = pending.search(/\r?\n\r?\n/);
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending += decoder.write(chunk);
      let out = '';
      drain((text) => (out += text));
      callback(null, out === '' ? undefined : out);
    },
    flush(callback: TransformCallback) {
      pending += `${decoder.end()}\n\n`;
      let out = '';
      drain((text) => (out += text));
      out += mapper.onEnd();
      callback(null, out === '' ? undefined : out);
    },
  });
}

function parseBlock(block: string): SseEvent | undefined {
  let event: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  return data.length === 0 && event === undefined ? undefined : { event, data: data.join('\n') };
}

export function sseEvent(event: string | undefined, data: unknown): string {
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`;
}
