import type { JsonObject, UsageRecord } from '../../../core/pipeline/exchange.js';
import { isJsonObject } from '../../../core/streams/is-json-object.js';

/** Token counts by model (the tokenizers plugin's: the model's tokenizer, else its fallback encoding). */
export type CountTokens = (model: string, text: string) => number;

/**
 * Usage for a stream that never reported any (a worker that ignores `stream_options`), counted
 * from the prompt's text and the text generated, marked estimated. Without a counter: four
 * characters a token, deliberately rough.
 */
export function estimateUsage(model: string, body: JsonObject, generatedText: string, countTokens: CountTokens | undefined): UsageRecord {
  const prompt = promptText(body['messages'] ?? body['prompt'] ?? body['input'] ?? '');
  const count = countTokens ?? ((_model: string, text: string) => Math.ceil(text.length / 4));
  return { model, promptTokens: count(model, prompt), completionTokens: count(model, generatedText), estimated: true };
}

/** The strings a prompt holds (message contents, text parts, prompt lists), joined. */
function promptText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(promptText).join('\n');
  if (isJsonObject(value)) return promptText(value['content'] ?? value['text'] ?? '');
  return '';
}
