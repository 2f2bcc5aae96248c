/** Shared by the parser tests: run a parser over chunks and fold the events into a result. */
import { expect } from 'chai';
import { collectReasoningResult, collectToolCallResult } from '../../../../plugins/parsers/collect-results.js';
import type { ParserEvent, ReasoningParser, ReasoningParseResult, ToolCallParser, ToolCallParseResult, ToolCallStreamEvent } from '../../../../plugins/parsers/parser-types.js';

export type AnyParser = ToolCallParser | ReasoningParser;
export type AnyResult = ToolCallParseResult | ReasoningParseResult;

/** Splits text at the given cut positions (any order, duplicates allowed). */
export function splitAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(text.length, c))))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let last = 0;
  for (const point of points) {
    chunks.push(text.slice(last, point));
    last = point;
  }
  chunks.push(text.slice(last));
  return chunks;
}

export function streamEvents(parser: AnyParser, chunks: readonly string[]): ParserEvent[] {
  const stream = parser.createStream();
  const events: ParserEvent[] = [];
  for (const chunk of chunks) events.push(...stream.push(chunk));
  events.push(...stream.finish());
  return events;
}

function isToolCallEvent(event: ParserEvent): event is ToolCallStreamEvent {
  return event.type !== 'reasoning';
}

export function streamResult(parser: AnyParser, chunks: readonly string[]): AnyResult {
  const events = streamEvents(parser, chunks);
  if ('reasoningText' in parser.parse('')) {
    return collectReasoningResult(events.flatMap((e) => (e.type === 'text' || e.type === 'reasoning' ? [e] : [])));
  }
  return collectToolCallResult(events.filter(isToolCallEvent));
}

/** Stream invariants: every call starts once, before its fragments, with consecutive indexes; arguments end as a JSON object. */
export function expectWellFormedToolEvents(events: readonly ParserEvent[]): void {
  const started = new Set<number>();
  const args = new Map<number, string>();
  for (const event of events) {
    if (event.type === 'tool-call-start') {
      expect(started.has(event.index), `call ${event.index} started twice`).to.equal(false);
      expect(event.index).to.equal(started.size);
      expect(event.name).to.be.a('string').and.not.equal('');
      started.add(event.index);
      args.set(event.index, '');
    } else if (event.type === 'tool-call-arguments') {
      expect(started.has(event.index), `arguments before start of ${event.index}`).to.equal(true);
      args.set(event.index, (args.get(event.index) ?? '') + event.text);
    }
  }
  for (const [index, text] of args) {
    let parsed: unknown;
    expect(() => {
      parsed = JSON.parse(text);
    }, `call ${index} arguments ${JSON.stringify(text.slice(0, 200))}`).not.to.throw();
    expect(parsed, `call ${index} arguments are an object`).to.be.an('object').and.not.be.an('array');
  }
}
