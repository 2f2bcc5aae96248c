import { isJsonObject } from './check-tokenizer-components.js';
import { parseChatMessages, type ChatMessage } from './parse-chat-messages.js';

/** POST /v1/tokenize, checked (schemas/requests/tokenize.schema.json says the same). */
export interface TokenizeBody {
  /** A model, or a tokenizer's id or name; SMG's `default` when absent. */
  readonly model: string;
  readonly input: { readonly kind: 'prompt'; readonly prompt: string | readonly string[] } | { readonly kind: 'messages'; readonly messages: readonly ChatMessage[] };
  readonly addSpecialTokens: boolean;
  readonly addGenerationPrompt: boolean;
  readonly tools: readonly unknown[] | undefined;
  readonly templateKwargs: Readonly<Record<string, unknown>> | undefined;
}

/** POST /v1/detokenize, checked. */
export interface DetokenizeBody {
  readonly model: string;
  readonly tokens: readonly number[] | ReadonlyArray<readonly number[]>;
  readonly skipSpecialTokens: boolean;
}

export type ParsedBody<T> = { readonly ok: true; readonly body: T } | { readonly ok: false; readonly path: string; readonly message: string };

export const MAX_BATCH = 2048;

/**
 * `prompt` (a string or a batch of strings, SMG/SGLang) or `messages` (vLLM's chat form, rendered
 * with the chat template). add_special_tokens defaults as vLLM and SGLang do: true for a prompt,
 * false for messages, whose template already writes BOS.
 */
export function parseTokenizeBody(value: unknown): ParsedBody<TokenizeBody> {
  if (!isJsonObject(value)) return fail('', 'must be a JSON object');
  const model = parseModel(value['model']);
  if (model === undefined) return fail('/model', 'must be a string of at most 256 characters');

  const hasPrompt = value['prompt'] !== undefined;
  const hasMessages = value['messages'] !== undefined;
  if (hasPrompt === hasMessages) return fail('', 'give exactly one of prompt and messages');

  let input: TokenizeBody['input'];
  if (hasPrompt) {
    const prompt = value['prompt'];
    if (typeof prompt === 'string') input = { kind: 'prompt', prompt };
    else if (Array.isArray(prompt) && prompt.length <= MAX_BATCH && prompt.every((item) => typeof item === 'string')) input = { kind: 'prompt', prompt };
    else return fail('/prompt', `must be a string or a list of at most ${String(MAX_BATCH)} strings`);
  } else {
    const messages = parseChatMessages(value['messages']);
    if (!messages.ok) return fail(messages.path, messages.message);
    input = { kind: 'messages', messages: messages.messages };
  }

  const addSpecialTokens = optionalBoolean(value['add_special_tokens'], input.kind === 'prompt');
  if (addSpecialTokens === undefined) return fail('/add_special_tokens', 'must be a boolean');
  const addGenerationPrompt = optionalBoolean(value['add_generation_prompt'], true);
  if (addGenerationPrompt === undefined) return fail('/add_generation_prompt', 'must be a boolean');

  const tools = value['tools'];
  if (tools !== undefined && tools !== null && !Array.isArray(tools)) return fail('/tools', 'must be a list');
  const kwargs = value['chat_template_kwargs'];
  if (kwargs !== undefined && kwargs !== null && !isJsonObject(kwargs)) return fail('/chat_template_kwargs', 'must be an object');

  return {
    ok: true,
    body: {
      model,
      input,
      addSpecialTokens,
      addGenerationPrompt,
      tools: Array.isArray(tools) ? tools : undefined,
      templateKwargs: isJsonObject(kwargs) ? kwargs : undefined,
    },
  };
}

/** `tokens` is one sequence or a batch; skip_special_tokens defaults to true (SMG, SGLang). */
export function parseDetokenizeBody(value: unknown): ParsedBody<DetokenizeBody> {
  if (!isJsonObject(value)) return fail('', 'must be a JSON object');
  const model = parseModel(value['model']);
  if (model === undefined) return fail('/model', 'must be a string of at most 256 characters');
  const tokens = value['tokens'];
  if (!Array.isArray(tokens) || tokens.length > MAX_BATCH * 64) return fail('/tokens', 'must be a list of token ids or a list of such lists');
  let parsed: DetokenizeBody['tokens'];
  if (tokens.every(isTokenId)) parsed = tokens;
  else if (tokens.length <= MAX_BATCH && tokens.every((seq) => Array.isArray(seq) && seq.every(isTokenId))) parsed = tokens;
  else return fail('/tokens', 'must be a list of token ids (non-negative integers) or a list of such lists');
  const skipSpecialTokens = optionalBoolean(value['skip_special_tokens'], true);
  if (skipSpecialTokens === undefined) return fail('/skip_special_tokens', 'must be a boolean');
  return { ok: true, body: { model, tokens: parsed, skipSpecialTokens } };
}

function parseModel(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'default';
  return typeof value === 'string' && value.length <= 256 ? value : undefined;
}

function optionalBoolean(value: unknown, fallback: boolean): boolean | undefined {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'boolean' ? value : undefined;
}

function isTokenId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function fail<T>(path: string, message: string): ParsedBody<T> {
  return { ok: false, path, message };
}
