import type { ParserStream, ReasoningStreamEvent, ToolCallStreamEvent } from './parser-types.js';

/** One OpenAI `tool_calls` delta entry: the first carries id, type and name; later ones arguments only. */
export interface ToolCallDelta {
  readonly index: number;
  readonly id?: string;
  readonly type?: 'function';
  readonly function: { readonly name?: string; readonly arguments: string };
}

/** What one piece of a choice's text became: reasoning, visible text and tool-call deltas. */
export interface OutputPieces {
  readonly reasoning: string;
  readonly content: string;
  readonly toolCalls: readonly ToolCallDelta[];
}

/**
 * One choice's text through the parsers, incrementally: reasoning is split off first (so a
 * `<tool_call>` inside thinking stays reasoning), then tool calls are cut out of what remains.
 * The same object serves a whole answer (one push, then finish) and a stream (a push per delta).
 */
export class ChoiceOutputParser {
  #calls = 0;

  constructor(
    private readonly reasoning: ParserStream<ReasoningStreamEvent> | undefined,
    private readonly tools: ParserStream<ToolCallStreamEvent> | undefined,
  ) {}

  /** True once a tool call was found (the choice then finishes with `tool_calls`). */
  get sawToolCalls(): boolean {
    return this.#calls > 0;
  }

  push(text: string): OutputPieces {
    return this.#route(this.reasoning === undefined ? [{ type: 'text', text }] : this.reasoning.push(text), false);
  }

  finish(): OutputPieces {
    return this.#route(this.reasoning === undefined ? [] : this.reasoning.finish(), true);
  }

  #route(events: readonly ReasoningStreamEvent[], last: boolean): OutputPieces {
    let reasoning = '';
    let visible = '';
    for (const event of events) {
      if (event.type === 'reasoning') reasoning += event.text;
      else visible += event.text;
    }
    if (this.tools === undefined) return { reasoning, content: visible, toolCalls: [] };
    const toolEvents = visible === '' ? [] : this.tools.push(visible);
    if (last) toolEvents.push(...this.tools.finish());
    let content = '';
    const toolCalls: ToolCallDelta[] = [];
    for (const event of toolEvents) {
      if (event.type === 'text') content += event.text;
      else if (event.type === 'tool-call-start') {
        this.#calls++;
        toolCalls.push({ index: event.index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } });
      } else {
        // Fragments of the same call in one piece are joined: fewer, larger deltas.
        const previous = toolCalls.at(-1);
        if (previous !== undefined && previous.index === event.index) toolCalls[toolCalls.length - 1] = { ...previous, function: { ...previous.function, arguments: previous.function.arguments + event.text } };
        else toolCalls.push({ index: event.index, function: { arguments: event.text } });
      }
    }
    return { reasoning, content, toolCalls };
  }
}
