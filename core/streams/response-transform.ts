import type { GatewayError } from '../errors/gateway-error.js';
import type { OpenAiPart } from './openai-parts.js';

/** Text a transform sees: a choice's answer (`text`) or its reasoning (`reasoning`). */
export type TextKind = 'text' | 'reasoning';

/**
 * Where held text belongs: a choice's text or reasoning, or the JSON arguments of one of its tool
 * calls (`call`: the tool call's `index`; `LEGACY_FUNCTION_CALL_INDEX`, -1, for a chat choice's
 * legacy single `function_call`).
 */
export type ResponseSlot = { readonly choice: number; readonly kind: TextKind } | { readonly choice: number; readonly kind: 'tool-arguments'; readonly call: number };

/**
 * Why the rest of a choice's held text is asked for: the choice finished (or the whole answer
 * did), the upstream failed, or the client went away (nothing will be sent; clean up).
 */
export type FlushReason = 'finish' | 'error' | 'abort';

/** Ends the answer: a stream with an in-band error event, a JSON answer with this error. */
export interface TransformStop {
  readonly stop: GatewayError;
}

/**
 * A stage's view of the response's text, the same for a stream and a whole answer: a stream's
 * deltas arrive one call each, a JSON answer's text in one call, then `flush`. A transform keeps
 * its own per-request (and per-choice) state, may hold text back (returning less than it got) and
 * must give it back at `flush`; what it returns is what the next transform — then the client —
 * receives. Transforms are created per request, on the response path (`x.transformResponse`).
 */
export interface ResponseTransform {
  /** The next piece of a choice's text; returns the text to send in its place, or a stop. */
  text?(choice: number, text: string, kind: TextKind): string | TransformStop | Promise<string | TransformStop>;
  /** Text still held for this choice and kind; called once per choice and kind that had text. */
  flush?(choice: number, kind: TextKind, reason: FlushReason): string | TransformStop | Promise<string | TransformStop>;
  /**
   * The next piece of the JSON arguments the model writes for a choice's tool call (`call`: its
   * index): a fragment in a stream, all of them in a JSON answer. Like `text`, it may hold a tail
   * back (returning less) and give it back at `flushToolArguments`; what it returns must keep the
   * arguments valid JSON once joined. A transform without it never sees arguments.
   */
  toolArguments?(choice: number, call: number, fragment: string): string | TransformStop | Promise<string | TransformStop>;
  /**
   * Arguments still held for this tool call; called once per tool call that had arguments: when
   * the choice finishes, when the choice's next tool call starts, or at the end of the answer.
   */
  flushToolArguments?(choice: number, call: number, reason: FlushReason): string | TransformStop | Promise<string | TransformStop>;
  /** Every part as it passes (usage, tool calls, finish …), after the text transforms ran. */
  observe?(part: OpenAiPart): void;
}

export function isStop(value: string | TransformStop): value is TransformStop {
  return typeof value !== 'string';
}
