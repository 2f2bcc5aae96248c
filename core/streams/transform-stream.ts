import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { GatewayError } from '../errors/gateway-error.js';
import { toOpenAiErrorBody } from '../errors/openai-error-body.js';
import { encodeSseEvent } from './encode-sse-event.js';
import { isJsonObject } from './is-json-object.js';
import { hasArguments, LEGACY_FUNCTION_CALL_INDEX, type OpenAiArgumentsPart, type OpenAiEditablePart } from './openai-parts.js';
import { parseOpenAiStreamEvent, type OpenAiStreamEvent } from './openai-stream-parts.js';
import { isStop, type ResponseSlot, type TransformStop } from './response-transform.js';
import type { SseFrame } from './sse-frame.js';
import { SseFramer } from './sse-framer.js';
import type { TransformChain } from './transform-chain.js';

export interface TransformStreamOptions {
  /** The stream broke its protocol (an event that is not JSON): its producer is told. */
  readonly reportMalformed?: ((err: Error) => void) | undefined;
  /** The stream was ended early with an in-band error (a transform's stop, or a malformed event). */
  readonly onStopped?: (reason: 'policy' | 'invalid_event') => void;
  readonly maxEventBytes?: number;
}

/** A part whose text a released rest can be appended to. */
type Carrier = OpenAiEditablePart | OpenAiArgumentsPart;

const TEXT_KINDS = ['reasoning', 'text'] as const;

/** The envelope of the latest chunk, for the chunks the runner writes itself (released text). */
interface Envelope {
  readonly id: unknown;
  readonly object: unknown;
  readonly created: unknown;
  readonly model: unknown;
}

/**
 * Runs response transforms over an OpenAI-compatible SSE stream, event by event (never the whole
 * stream): the one framer cuts events, each is read as typed parts, text parts (and tool-call
 * argument fragments, when a transform reads them) go through the chain, and an event whose text
 * nobody changed leaves as the upstream's own bytes. Text a transform held back is released before
 * its choice's finish (inside that event when it carries that text, else in a chunk of its own),
 * before the choice's next tool call, before `[DONE]` and before an in-band error; on a client
 * abort the transforms are flushed with `abort` so they can drop what they held.
 */
export function transformSseStream(source: Readable, chain: TransformChain, options: TransformStreamOptions = {}): Readable {
  let frames: SseFrame[] = [];
  const framer = new SseFramer({ onFrame: (frame) => frames.push(frame), ...(options.maxEventBytes === undefined ? {} : { maxEventBytes: options.maxEventBytes }) });
  let envelope: Envelope | undefined;
  let stopped = false;
  let finished = false;

  const chunkWith = (slot: ResponseSlot, text: string): Buffer => {
    const completion = envelope?.object === 'text_completion';
    const { choice } = slot;
    const delta =
      slot.kind === 'tool-arguments'
        ? slot.call === LEGACY_FUNCTION_CALL_INDEX
          ? { function_call: { arguments: text } }
          : { tool_calls: [{ index: slot.call, function: { arguments: text } }] }
        : { [slot.kind === 'reasoning' ? 'reasoning_content' : 'content']: text };
    const body = {
      id: envelope?.id,
      object: envelope?.object ?? 'chat.completion.chunk',
      created: envelope?.created,
      model: envelope?.model,
      choices: [completion && slot.kind !== 'tool-arguments' ? { index: choice, text, finish_reason: null } : { index: choice, delta, finish_reason: null }],
    };
    return encodeSseEvent({ data: JSON.stringify(body) });
  };

  const stopEvent = (error: GatewayError): Buffer => Buffer.from(`data: ${JSON.stringify(toOpenAiErrorBody(error).body)}\n\n`);

  /** Releases everything still held (all choices): chunks to send before `[DONE]` or an error. */
  const releaseAll = async (reason: 'finish' | 'error'): Promise<Buffer[] | TransformStop> => {
    const out: Buffer[] = [];
    for (const slot of chain.openSlots()) {
      const text = await chain.flushSlot(slot, reason);
      if (isStop(text)) return text;
      if (text !== '') out.push(chunkWith(slot, text));
    }
    return out;
  };

  /**
   * Flushes a choice's reasoning and text, then its tool calls other than `except` (undefined: all): each
   * rest goes into the part of this event that carries that slot's text, else a chunk just before.
   */
  const releaseChoice = async (choice: number, except: number | undefined, carriers: Map<string, Carrier>, rewritten: Map<Carrier, string>, before: Buffer[]): Promise<TransformStop | undefined> => {
    for (const kind of TEXT_KINDS) {
      const rest = await chain.flush(choice, kind, 'finish');
      if (isStop(rest)) return rest;
      if (rest === '') continue;
      const carrier = carriers.get(`${choice}:${kind}`);
      if (carrier !== undefined) rewritten.set(carrier, `${rewritten.get(carrier) ?? ''}${rest}`);
      else before.push(chunkWith({ choice, kind }, rest));
    }
    if (!chain.readsToolArguments) return undefined;
    for (const call of chain.otherOpenCalls(choice, except)) {
      const rest = await chain.flushToolArguments(choice, call, 'finish');
      if (isStop(rest)) return rest;
      if (rest === '') continue;
      const carrier = carriers.get(`${choice}:tool:${call}`);
      if (carrier !== undefined) rewritten.set(carrier, `${rewritten.get(carrier) ?? ''}${rest}`);
      else before.push(chunkWith({ choice, kind: 'tool-arguments', call }, rest));
    }
    return undefined;
  };

  const handleEvent = async (event: OpenAiStreamEvent): Promise<Buffer[] | TransformStop> => {
    if (isJsonObject(event.json)) {
      const { id, object, created, model } = event.json;
      envelope = { id, object, created, model };
    }
    const before: Buffer[] = [];
    /** Per slot, this event's last part that carries its text: released text is appended there. */
    const carriers = new Map<string, Carrier>();
    const rewritten = new Map<Carrier, string>();
    for (const part of event.parts) {
      if (part.kind === 'text' || part.kind === 'reasoning') {
        const out = await chain.text(part.choice, part.text, part.kind);
        if (isStop(out)) return out;
        rewritten.set(part, out);
        carriers.set(`${part.choice}:${part.kind}`, part);
      } else if (part.kind === 'tool-call' && chain.readsToolArguments) {
        // The model moved on to this tool call: what its text and earlier calls hold is released
        // first, so each leaves whole and in order (clients close a block when the next begins).
        const stopped = await releaseChoice(part.choice, part.index, carriers, rewritten, before);
        if (stopped !== undefined) return stopped;
        if (hasArguments(part)) {
          const out = await chain.toolArguments(part.choice, part.index, part.argumentsDelta);
          if (isStop(out)) return out;
          rewritten.set(part, out);
          carriers.set(`${part.choice}:tool:${part.index}`, part);
        }
      } else if (part.kind === 'finish') {
        const stopped = await releaseChoice(part.choice, undefined, carriers, rewritten, before);
        if (stopped !== undefined) return stopped;
      } else if (part.kind === 'done' || part.kind === 'error') {
        const released = await releaseAll(part.kind === 'done' ? 'finish' : 'error');
        if (!Array.isArray(released)) return released;
        before.push(...released);
      }
    }
    for (const [part, text] of rewritten) {
      if (part.kind === 'tool-call') {
        if (text === part.argumentsDelta) continue;
        event.rewriteArguments(part, text);
      } else if (text !== part.text) event.rewriteText(part, text);
      else continue;
      // The choice's logprobs spell out the tokens as the model wrote them: they would undo the edit.
      event.clearLogprobs(part.choice);
    }
    for (const part of event.parts) chain.observe(part);
    return [...before, event.toBytes()];
  };

  const handleFrame = async (frame: SseFrame): Promise<Buffer[] | TransformStop | 'malformed'> => {
    if (frame.kind !== 'event') return [frame.raw];
    const event = parseOpenAiStreamEvent(frame);
    const first = event.parts[0];
    if (event.parts.length === 1 && first?.kind === 'other' && first.field === '') return 'malformed';
    return handleEvent(event);
  };

  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (stopped) return callback();
      try {
        framer.push(chunk);
      } catch (err) {
        return callback(err instanceof Error ? err : new Error(String(err)));
      }
      const batch = frames;
      frames = [];
      void drain(batch).then(() => callback(), (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    },
    flush(callback: TransformCallback) {
      if (stopped) return callback();
      framer.end();
      const batch = frames;
      frames = [];
      void drain(batch)
        .then(async () => {
          if (stopped) return;
          // A stream without [DONE] still gets back what the transforms held (whoever produced
          // it decides whether its end was a failure).
          const released = await releaseAll('finish');
          if (Array.isArray(released)) for (const buffer of released) transform.push(buffer);
          else stop(released.stop, 'policy');
        })
        .then(() => {
          finished = true;
          callback();
        }, (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    },
    destroy(err, callback) {
      if (!finished && !stopped) {
        // The client left: the transforms drop what they held (and their per-request state).
        for (const slot of chain.openSlots()) void Promise.resolve(chain.flushSlot(slot, 'abort')).catch(() => undefined);
      }
      source.destroy();
      callback(err);
    },
  });

  const stop = (error: GatewayError, reason: 'policy' | 'invalid_event'): void => {
    stopped = true;
    transform.push(stopEvent(error));
    transform.push(null);
    options.onStopped?.(reason);
    source.unpipe(transform);
    source.destroy();
  };

  const drain = async (batch: readonly SseFrame[]): Promise<void> => {
    for (const frame of batch) {
      if (stopped) return;
      const out = await handleFrame(frame);
      if (out === 'malformed') {
        const err = new Error('the upstream sent a stream event that is not JSON');
        options.reportMalformed?.(err);
        stop(new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', 'The upstream sent a malformed stream event; the stream was stopped.'), 'invalid_event');
        return;
      }
      if (!Array.isArray(out)) {
        stop(out.stop, 'policy');
        return;
      }
      for (const buffer of out) transform.push(buffer);
    }
  };

  source.on('error', (err: Error) => transform.destroy(err));
  return source.pipe(transform);
}
