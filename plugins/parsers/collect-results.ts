import type { ParsedToolCall, ReasoningParseResult, ReasoningStreamEvent, ToolCallParseResult, ToolCallStreamEvent } from './parser-types.js';

interface CallDraft {
  index: number;
  id: string;
  name: string;
  args: string[];
}

/** Folds a tool-call event sequence into the one-shot result (what a client assembles from deltas). */
export function collectToolCallResult(events: Iterable<ToolCallStreamEvent>): ToolCallParseResult {
  const text: string[] = [];
  const drafts = new Map<number, CallDraft>();
  for (const event of events) {
    if (event.type === 'text') text.push(event.text);
    else if (event.type === 'tool-call-start') drafts.set(event.index, { index: event.index, id: event.id, name: event.name, args: [] });
    else drafts.get(event.index)?.args.push(event.text);
  }
  const calls: ParsedToolCall[] = [...drafts.values()]
    .sort((a, b) => a.index - b.index)
    .map((draft) => ({ index: draft.index, id: draft.id, name: draft.name, arguments: draft.args.join('') }));
  return { normalText: text.join(''), calls };
}

/** Folds a reasoning event sequence into the one-shot result. */
export function collectReasoningResult(events: Iterable<ReasoningStreamEvent>): ReasoningParseResult {
  const reasoning: string[] = [];
  const text: string[] = [];
  for (const event of events) {
    if (event.type === 'reasoning') reasoning.push(event.text);
    else text.push(event.text);
  }
  return { reasoningText: reasoning.join(''), normalText: text.join('') };
}
