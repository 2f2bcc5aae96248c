import { isJsonObject } from './check-tokenizer-components.js';

/** A chat message as chat templates see it: `content` flattened to text, other fields as sent. */
export interface ChatMessage {
  readonly role: string;
  readonly content: string | null;
  readonly [field: string]: unknown;
}

export type ParsedMessages = { readonly ok: true; readonly messages: ChatMessage[] } | { readonly ok: false; readonly path: string; readonly message: string };

/**
 * OpenAI-style messages → what HF chat templates expect. Text parts are joined with "\n" (vLLM's
 * "string" content format), and tool-call `arguments` sent as a JSON string become an object,
 * since templates render them with `tojson` (vLLM does the same).
 */
export function parseChatMessages(value: unknown): ParsedMessages {
  if (!Array.isArray(value) || value.length === 0) return { ok: false, path: '/messages', message: 'must be a non-empty list' };
  const messages: ChatMessage[] = [];
  for (const [index, entry] of value.entries()) {
    const path = `/messages/${String(index)}`;
    if (!isJsonObject(entry)) return { ok: false, path, message: 'must be an object' };
    const role = entry['role'];
    if (typeof role !== 'string' || role === '') return { ok: false, path: `${path}/role`, message: 'must be a non-empty string' };
    const content = flattenContent(entry['content']);
    if (content === false) return { ok: false, path: `${path}/content`, message: 'must be a string, null, or a list of text parts' };
    const toolCalls = entry['tool_calls'];
    messages.push(Array.isArray(toolCalls) ? { ...entry, role, content, tool_calls: toolCalls.map(parseToolCallArguments) } : { ...entry, role, content });
  }
  return { ok: true, messages };
}

function flattenContent(content: unknown): string | null | false {
  if (content === undefined || content === null) return null;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return false;
  const texts: string[] = [];
  for (const part of content) {
    if (!isJsonObject(part) || part['type'] !== 'text' || typeof part['text'] !== 'string') return false;
    texts.push(part['text']);
  }
  return texts.join('\n');
}

function parseToolCallArguments(call: unknown): unknown {
  if (!isJsonObject(call) || !isJsonObject(call['function'])) return call;
  const fn = call['function'];
  const args = fn['arguments'];
  if (typeof args !== 'string') return call;
  try {
    const parsed: unknown = JSON.parse(args);
    return isJsonObject(parsed) ? { ...call, function: { ...fn, arguments: parsed } } : call;
  } catch {
    return call;
  }
}
