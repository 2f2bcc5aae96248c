import type { JsonObject } from '../../../core/pipeline/exchange.js';
import { recordOf, recordsOf } from '../../../core/util/narrow-json.js';

/** Which part of a request is classified (the stages' `input` setting). */
export type PromptInput = 'last_user_message' | 'user_messages' | 'conversation';

/**
 * The text of a chat (`messages`) or completions (`prompt`) body that the classifier sees. The
 * body was validated at ingress, but only the fields the gateway relies on: every field is
 * narrowed here, and what is not text (images, audio parts) is skipped.
 */
export function promptTextOf(body: JsonObject, input: PromptInput): string {
  const messages = body['messages'];
  if (Array.isArray(messages)) {
    const all = recordsOf(messages);
    if (input === 'conversation') return all.map((m) => contentText(m['content'])).filter((t) => t !== '').join('\n');
    const users = all.filter((m) => m['role'] === 'user');
    if (input === 'last_user_message') return users.length === 0 ? '' : contentText(users[users.length - 1]!['content']);
    return users.map((m) => contentText(m['content'])).filter((t) => t !== '').join('\n');
  }
  const prompt = body['prompt'];
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt)) {
    const texts = prompt.filter((p): p is string => typeof p === 'string');
    return input === 'last_user_message' ? (texts[texts.length - 1] ?? '') : texts.join('\n');
  }
  return '';
}

/** A message's content: a string, or the text parts of a content array. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return recordsOf(content)
    .map((part) => recordOf(part)['text'])
    .filter((text): text is string => typeof text === 'string')
    .join('\n');
}
