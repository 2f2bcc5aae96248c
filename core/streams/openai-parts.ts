/**
 * What an OpenAI-compatible chat or text completion carries, one typed part per piece, in the
 * order the JSON holds them. The same parts describe a stream chunk and a whole (non-stream)
 * response, so a consumer writes its logic once. `choice` is the choice's `index` field.
 */
export type OpenAiPart = OpenAiTextPart | OpenAiReasoningPart | OpenAiToolCallPart | OpenAiUsagePart | OpenAiFinishPart | OpenAiErrorPart | OpenAiDonePart | OpenAiOtherPart;

/** Parts whose text a consumer may rewrite or drop. */
export type OpenAiEditablePart = OpenAiTextPart | OpenAiReasoningPart;

/** A tool call that carries arguments (a fragment in a stream): they may be rewritten with `rewriteArguments`. */
export type OpenAiArgumentsPart = OpenAiToolCallPart & { readonly argumentsDelta: string };

export function hasArguments(part: OpenAiPart): part is OpenAiArgumentsPart {
  return part.kind === 'tool-call' && part.argumentsDelta !== undefined;
}

/** `delta.content` / `message.content` of a chat choice, or `text` of a text-completion choice. */
export interface OpenAiTextPart {
  readonly kind: 'text';
  readonly choice: number;
  readonly text: string;
}

/** `reasoning_content` (vLLM, SGLang, DeepSeek) or `reasoning` (newer vLLM, OpenRouter). */
export interface OpenAiReasoningPart {
  readonly kind: 'reasoning';
  readonly choice: number;
  readonly text: string;
}

/** The `index` of the tool-call part read from a chat choice's legacy single `function_call`. */
export const LEGACY_FUNCTION_CALL_INDEX = -1;

/**
 * One entry of `tool_calls`, or the legacy single `function_call` (`index`:
 * `LEGACY_FUNCTION_CALL_INDEX`, no `id`); in a stream, `id` and `name` usually come once, then
 * argument fragments.
 */
export interface OpenAiToolCallPart {
  readonly kind: 'tool-call';
  readonly choice: number;
  readonly index: number;
  readonly id?: string;
  readonly name?: string;
  /** A fragment of the JSON arguments in a stream; all of them in a whole response. */
  readonly argumentsDelta?: string;
}

export interface OpenAiUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens?: number;
  /** `prompt_tokens_details.cached_tokens` (prefix-cache hits). */
  readonly cachedTokens?: number;
  /** `completion_tokens_details.reasoning_tokens`. */
  readonly reasoningTokens?: number;
}

export interface OpenAiUsagePart {
  readonly kind: 'usage';
  readonly usage: OpenAiUsage;
}

export interface OpenAiFinishPart {
  readonly kind: 'finish';
  readonly choice: number;
  readonly reason: string;
}

/** An error sent in the body: `{"error": …}`, vLLM's flat `{"object":"error", …}`, or an SSE `event: error`. */
export interface OpenAiErrorPart {
  readonly kind: 'error';
  readonly error: OpenAiInBandError;
}

export interface OpenAiInBandError {
  readonly message?: string;
  readonly type?: string;
  readonly code?: string | number;
  /** The error value as sent. */
  readonly value: unknown;
}

/** `data: [DONE]`. */
export interface OpenAiDonePart {
  readonly kind: 'done';
}

/**
 * Anything else with a value, so nothing is lost: a role, a refusal, logprobs, vLLM's
 * `stop_reason`, SGLang's `matched_stop`, unknown fields. `field` is the key path, relative to
 * the choice when `choice` is set (e.g. `delta.role`), else from the top (e.g. `obfuscation`);
 * `''` for data that is not a JSON object at all (`value` is then the data text).
 */
export interface OpenAiOtherPart {
  readonly kind: 'other';
  readonly choice?: number;
  readonly field: string;
  readonly value: unknown;
}
