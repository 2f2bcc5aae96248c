/**
 * The types every parser shares: what a stream emits, what a one-shot parse returns, and the tool
 * list a tool-call parser may check names against. Pure data; no parser logic lives here.
 */

/** Normal (user-visible) text that is neither reasoning nor part of a tool call. */
export interface TextEvent {
  readonly type: 'text';
  readonly text: string;
}

/** Reasoning ("thinking") text. */
export interface ReasoningEvent {
  readonly type: 'reasoning';
  readonly text: string;
}

/** A tool call begins: the name is known; arguments follow as fragments. */
export interface ToolCallStartEvent {
  readonly type: 'tool-call-start';
  readonly index: number;
  readonly id: string;
  readonly name: string;
}

/** The next fragment of a call's JSON arguments; the fragments of one call concatenate to valid JSON. */
export interface ToolCallArgumentsEvent {
  readonly type: 'tool-call-arguments';
  readonly index: number;
  readonly text: string;
}

export type ToolCallStreamEvent = TextEvent | ToolCallStartEvent | ToolCallArgumentsEvent;
export type ReasoningStreamEvent = TextEvent | ReasoningEvent;
export type ParserEvent = ToolCallStreamEvent | ReasoningStreamEvent;

/** An incremental parser: feed deltas, get events; `finish` flushes what was held back. */
export interface ParserStream<E extends ParserEvent> {
  push(delta: string): E[];
  finish(): E[];
}

export interface ParsedToolCall {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  /** Always a valid JSON object text. */
  readonly arguments: string;
}

export interface ToolCallParseResult {
  readonly normalText: string;
  readonly calls: ParsedToolCall[];
}

export interface ReasoningParseResult {
  readonly reasoningText: string;
  readonly normalText: string;
}

/** A function the model may call; `parameters` is its JSON Schema (used to type XML-style values). */
export interface ToolSpec {
  readonly name: string;
  readonly parameters?: unknown;
}

/**
 * What to do with a call to a function that is not in `tools`. SGLang drops such calls by default
 * (and forwards them only with SGLANG_FORWARD_UNKNOWN_TOOLS); without `tools` every name is kept.
 */
export type UnknownToolPolicy = 'drop' | 'forward';

export interface ToolCallParserOptions {
  readonly tools?: readonly ToolSpec[];
  readonly unknownTools?: UnknownToolPolicy;
  /** Ids for calls whose format carries none; defaults to `call_` + 24 random hex digits. */
  readonly createId?: (index: number) => string;
}

export interface ToolCallParser {
  readonly name: string;
  parse(text: string): ToolCallParseResult;
  createStream(): ParserStream<ToolCallStreamEvent>;
}

export interface ReasoningParserOptions {
  /**
   * false: the request turned thinking off (`enable_thinking: false`, `thinking: false`), so no
   * reasoning block is expected and all text is normal. Default true.
   */
  readonly enableThinking?: boolean;
  /**
   * true: the prompt already opened the reasoning block (the template ends with `<think>`), so text
   * is reasoning until the end marker. Defaults per parser (deepseek_r1, qwen3_thinking, step3 and
   * minimax start inside reasoning).
   */
  readonly startInReasoning?: boolean;
}

export interface ReasoningParser {
  readonly name: string;
  parse(text: string): ReasoningParseResult;
  createStream(): ParserStream<ReasoningStreamEvent>;
}
