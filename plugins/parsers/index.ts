/**
 * Tool-call and reasoning parsers: untrusted model text in, typed events and results out. Pure
 * library code — no streams, no HTTP; the gateway wires it to routes and pipelines.
 */
export { collectReasoningResult, collectToolCallResult } from './collect-results.js';
export { createReasoningParser, createToolCallParser, hasParser, listParsers, UnknownParserError, type ParserList } from './parser-registry.js';
export type {
  ParsedToolCall,
  ParserEvent,
  ParserStream,
  ReasoningEvent,
  ReasoningParser,
  ReasoningParseResult,
  ReasoningParserOptions,
  ReasoningStreamEvent,
  TextEvent,
  ToolCallArgumentsEvent,
  ToolCallParser,
  ToolCallParseResult,
  ToolCallParserOptions,
  ToolCallStartEvent,
  ToolCallStreamEvent,
  ToolSpec,
  UnknownToolPolicy,
} from './parser-types.js';
export { toolSpecsFromRequest } from './tool-specs.js';
