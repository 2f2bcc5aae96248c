import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../../../../core/pipeline/exchange.js';
import { recordOf, recordsOf, stringOr } from '../../../../core/util/narrow-json.js';

export interface DemoToolCall {
  readonly id: string;
  readonly name: string;
  /** JSON text, as OpenAI sends tool arguments. */
  readonly arguments: string;
}

/**
 * The demo model's one trick with tools, so a tool loop can be watched offline: when the request
 * offers the tool loop's MCP tools (named `<server>__<tool>`) and the user's last message names one
 * (its full name, or the part after the prefix: "add 2 and 3", "use get_time"), it calls that tool, filling
 * number arguments with the numbers in the message in order and text arguments with the rest of
 * the message. Once a tool answered (the last message is a `tool` one), it answers in text.
 * Tools a client defines itself are left alone: the demo echoes as it always did (the parse-output
 * example relies on that to show a `<tool_call>` in text becoming a structured call).
 */
export function demoToolCall(body: JsonObject): DemoToolCall | undefined {
  const messages = recordsOf(body['messages']);
  const last = messages.at(-1);
  if (last === undefined || last['role'] !== 'user') return undefined;
  const said = textOf(last['content']);
  const tools = recordsOf(body['tools']).filter((t) => t['type'] === 'function').map((t) => recordOf(t['function']));
  for (const tool of tools) {
    const name = stringOr(tool['name']);
    if (!name.includes('__')) continue;
    const short = name.split('__').at(-1) ?? name;
    if (short === '') continue;
    const mention = new RegExp(`(?<![\\w])(?:${escape(name)}|${escape(short)})(?![\\w])`, 'i').exec(said);
    if (mention === null) continue;
    const rest = `${said.slice(0, mention.index)} ${said.slice(mention.index + mention[0].length)}`.replace(/\s+/g, ' ').trim();
    return { id: `call_demo_${randomUUID().slice(0, 8)}`, name, arguments: JSON.stringify(argumentsFor(recordOf(tool['parameters']), said, rest)) };
  }
  return undefined;
}

/** The last tool result, when the conversation ends with one. */
export function lastToolResult(body: JsonObject): string | undefined {
  const last = recordsOf(body['messages']).at(-1);
  return last?.['role'] === 'tool' ? textOf(last['content']) : undefined;
}

function argumentsFor(schema: Readonly<Record<string, unknown>>, said: string, rest: string): Record<string, unknown> {
  const numbers = (said.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  const args: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(recordOf(schema['properties']))) {
    const type = recordOf(spec)['type'];
    if (type === 'number' || type === 'integer') args[key] = numbers.shift() ?? 0;
    else if (type === 'string') args[key] = rest;
    else if (type === 'boolean') args[key] = true;
  }
  return args;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return recordsOf(content)
    .map((part) => (part['type'] === 'text' ? stringOr(part['text']) : ''))
    .join(' ');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
