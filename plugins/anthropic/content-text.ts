import { recordsOf, stringOr } from '../../core/util/narrow-json.js';

/**
 * The text of a message's content in either API: a plain string, or the `text` of its
 * `{type: "text"}` parts/blocks (images and tool blocks are handled by the callers).
 */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return recordsOf(content)
    .filter((part) => part['type'] === 'text')
    .map((part) => stringOr(part['text']))
    .join('');
}

/**
 * Tool-call arguments (a JSON string in OpenAI's format) as the object Anthropic's `input` wants;
 * a malformed string is kept as `{_raw}` rather than dropped.
 */
export function parseToolArguments(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return {};
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return { _raw: value };
  }
}
