import { isJsonObject } from './is-json-object.js';
import type { OpenAiInBandError } from './openai-parts.js';

/** An error value sent in a body or stream (untrusted): its message, type and code when they are there. */
export function readOpenAiError(error: unknown): OpenAiInBandError {
  if (typeof error === 'string') return { message: error, value: error };
  if (!isJsonObject(error)) return { value: error };
  const message = error['message'];
  const type = error['type'];
  const code = error['code'];
  return {
    ...(typeof message === 'string' ? { message } : {}),
    ...(typeof type === 'string' ? { type } : {}),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    value: error,
  };
}
