import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { encodeSseEvent } from '../../core/streams/encode-sse-event.js';
import { isJsonObject } from '../../core/streams/is-json-object.js';
import type { SseFrame } from '../../core/streams/sse-frame.js';
import { SseFramer } from '../../core/streams/sse-framer.js';
import type { ChoiceOutputParser, OutputPieces } from './choice-output-parser.js';

/**
 * A chat completion stream with each choice's `delta.content` run through the parsers, delta by
 * delta: reasoning leaves as `delta.reasoning_content`, calls as `delta.tool_calls` (id, type and
 * name first, then argument fragments), what could still be a marker is held until it is not.
 * A choice's held text is released in the chunk carrying its `finish_reason` (then `tool_calls`
 * when a call was found), else before `[DONE]` or at the end of the stream. Events that carry no
 * content (role, usage, errors, comments) leave as the upstream's own bytes.
 */
export function parseChatStream(source: Readable, createParser: () => ChoiceOutputParser): Readable {
  const parsers = new Map<number, ChoiceOutputParser>();
  const finished = new Set<number>();
  let envelope: Record<string, unknown> = {};
  let frames: SseFrame[] = [];
  const framer = new SseFramer({ onFrame: (frame) => frames.push(frame) });

  const parserFor = (index: number): ChoiceOutputParser => {
    let parser = parsers.get(index);
    if (parser === undefined) {
      parser = createParser();
      parsers.set(index, parser);
    }
    return parser;
  };

  /** Chunks for the choices that never finished: what their parsers still hold. */
  const releaseOpen = (): Buffer[] => {
    const out: Buffer[] = [];
    for (const [index, parser] of parsers) {
      if (finished.has(index)) continue;
      finished.add(index);
      const pieces = parser.finish();
      if (isEmpty(pieces)) continue;
      const choice = { index, delta: deltaWith({}, pieces), finish_reason: null };
      out.push(encodeSseEvent({ data: JSON.stringify({ ...envelope, object: 'chat.completion.chunk', choices: [choice] }) }));
    }
    return out;
  };

  const handle = (frame: SseFrame): Buffer[] => {
    if (frame.kind !== 'event') return [frame.raw];
    if (frame.data.trim() === '[DONE]') return [...releaseOpen(), frame.raw];
    let chunk: unknown;
    try {
      chunk = JSON.parse(frame.data);
    } catch {
      // Not ours to judge: the relay after this stage reports a malformed event.
      return [frame.raw];
    }
    // An in-band error ends the stream: what the parsers held goes out first, as the kernel's transforms do.
    if (isJsonObject(chunk) && chunk['error'] !== undefined) return [...releaseOpen(), frame.raw];
    if (!isJsonObject(chunk) || !Array.isArray(chunk['choices'])) return [frame.raw];
    const { id, object, created, model } = chunk;
    envelope = { id, object, created, model };
    let changed = false;
    const choices = chunk['choices'].map((choice: unknown) => {
      if (!isJsonObject(choice) || !isJsonObject(choice['delta']) || typeof choice['index'] !== 'number') return choice;
      const index = choice['index'];
      const delta = choice['delta'];
      const content = delta['content'];
      const finishing = choice['finish_reason'] !== null && choice['finish_reason'] !== undefined;
      // A worker that streams its own tool calls needs no parsing for that choice.
      if ((typeof content !== 'string' && !finishing) || finished.has(index) || Array.isArray(delta['tool_calls'])) return choice;
      changed = true;
      const parser = parserFor(index);
      const pieces = merge(typeof content === 'string' ? parser.push(content) : undefined, finishing ? parser.finish() : undefined);
      if (finishing) finished.add(index);
      const { content: _content, ...rest } = delta;
      const finish = finishing && parser.sawToolCalls && choice['finish_reason'] === 'stop' ? 'tool_calls' : choice['finish_reason'];
      return { ...choice, delta: deltaWith(rest, pieces), finish_reason: finish };
    });
    if (!changed) return [frame.raw];
    return [frame.withData(JSON.stringify({ ...chunk, choices }))];
  };

  const transform = new Transform({
    transform(bytes: Buffer, _encoding, callback: TransformCallback) {
      try {
        framer.push(bytes);
        const batch = frames;
        frames = [];
        for (const frame of batch) for (const out of handle(frame)) transform.push(out);
        callback();
      } catch (err) {
        callback(err instanceof Error ? err : new Error(String(err)));
      }
    },
    flush(callback: TransformCallback) {
      try {
        framer.end();
        const batch = frames;
        frames = [];
        for (const frame of batch) for (const out of handle(frame)) transform.push(out);
        // A stream without [DONE] still gets what the parsers held.
        for (const out of releaseOpen()) transform.push(out);
        callback();
      } catch (err) {
        callback(err instanceof Error ? err : new Error(String(err)));
      }
    },
    destroy(err, callback) {
      source.destroy();
      callback(err);
    },
  });
  source.on('error', (err: Error) => transform.destroy(err));
  return source.pipe(transform);
}

function merge(a: OutputPieces | undefined, b: OutputPieces | undefined): OutputPieces {
  return {
    reasoning: (a?.reasoning ?? '') + (b?.reasoning ?? ''),
    content: (a?.content ?? '') + (b?.content ?? ''),
    toolCalls: [...(a?.toolCalls ?? []), ...(b?.toolCalls ?? [])],
  };
}

function isEmpty(pieces: OutputPieces): boolean {
  return pieces.reasoning === '' && pieces.content === '' && pieces.toolCalls.length === 0;
}

/** The delta's other fields (role …) kept; content only when there is some, as OpenAI streams it. */
function deltaWith(rest: Record<string, unknown>, pieces: OutputPieces): Record<string, unknown> {
  const delta: Record<string, unknown> = { ...rest };
  if (pieces.reasoning !== '') delta['reasoning_content'] = (typeof rest['reasoning_content'] === 'string' ? rest['reasoning_content'] : '') + pieces.reasoning;
  if (pieces.content !== '') delta['content'] = pieces.content;
  if (pieces.toolCalls.length > 0) delta['tool_calls'] = pieces.toolCalls;
  return delta;
}
