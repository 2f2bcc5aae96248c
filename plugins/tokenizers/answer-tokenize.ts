import { parseDetokenizeBody, parseTokenizeBody } from './parse-tokenize-bodies.js';
import { renderChat } from './render-chat.js';
import type { ChatFormat, LoadedTokenizer } from './tokenizer-contract.js';
import { ChatTemplateError, TokenIdNotInVocabulary } from './tokenizer-errors.js';
import type { TokenizerRegistry } from './tokenizer-registry.js';
import { TokenizerRequestError } from './tokenizer-request-error.js';

/** SMG's TokenizeResponse, plus which tokenizer answered and, for messages, how they were framed. */
export interface TokenizeAnswer {
  readonly tokens: number[] | number[][];
  readonly count: number | number[];
  /** Characters (Unicode code points) of the text tokenized: the prompt, or the rendered chat. */
  readonly char_count: number | number[];
  readonly tokenizer: string;
  /** Only for messages: `chat_template`, or the fallback used for a built-in encoding. */
  readonly chat_format?: ChatFormat;
}

export interface DetokenizeAnswer {
  readonly text: string | string[];
  readonly tokenizer: string;
}

/** POST /v1/tokenize's body → SMG's answer; throws TokenizerRequestError. */
export async function answerTokenize(registry: TokenizerRegistry, value: unknown): Promise<TokenizeAnswer> {
  const parsed = parseTokenizeBody(value);
  if (!parsed.ok) throw invalid(parsed.path, parsed.message);
  const body = parsed.body;
  const { name, tokenizer } = await readyTokenizerFor(registry, body.model);

  if (body.input.kind === 'messages') {
    let rendered;
    try {
      rendered = renderChat(tokenizer, body.input.messages, { addGenerationPrompt: body.addGenerationPrompt, tools: body.tools, templateKwargs: body.templateKwargs });
    } catch (err) {
      if (err instanceof ChatTemplateError) throw new TokenizerRequestError(400, 'chat_template_error', err.message);
      throw err;
    }
    const tokens = tokenizer.encode(rendered.text, { addSpecialTokens: body.addSpecialTokens });
    return { tokens, count: tokens.length, char_count: countChars(rendered.text), tokenizer: name, chat_format: rendered.format };
  }

  const { prompt } = body.input;
  if (typeof prompt === 'string') {
    const tokens = tokenizer.encode(prompt, { addSpecialTokens: body.addSpecialTokens });
    return { tokens, count: tokens.length, char_count: countChars(prompt), tokenizer: name };
  }
  const batch = prompt.map((text) => tokenizer.encode(text, { addSpecialTokens: body.addSpecialTokens }));
  return { tokens: batch, count: batch.map((ids) => ids.length), char_count: prompt.map(countChars), tokenizer: name };
}

/** POST /v1/detokenize's body → SMG's answer; throws TokenizerRequestError. */
export async function answerDetokenize(registry: TokenizerRegistry, value: unknown): Promise<DetokenizeAnswer> {
  const parsed = parseDetokenizeBody(value);
  if (!parsed.ok) throw invalid(parsed.path, parsed.message);
  const body = parsed.body;
  const { name, tokenizer } = await readyTokenizerFor(registry, body.model);
  const options = { skipSpecialTokens: body.skipSpecialTokens };
  try {
    if (isBatch(body.tokens)) return { text: body.tokens.map((ids) => tokenizer.decode(ids, options)), tokenizer: name };
    return { text: tokenizer.decode(body.tokens, options), tokenizer: name };
  } catch (err) {
    if (err instanceof TokenIdNotInVocabulary) throw new TokenizerRequestError(400, 'invalid_request', err.message);
    throw err;
  }
}

async function readyTokenizerFor(registry: TokenizerRegistry, model: string): Promise<{ name: string; tokenizer: LoadedTokenizer }> {
  const lookup = await registry.resolveModel(model);
  switch (lookup.kind) {
    case 'ready':
      return lookup;
    case 'failed':
      throw new TokenizerRequestError(503, 'tokenizer_unavailable', `Tokenizer '${lookup.name}' failed to load: ${lookup.reason}`);
    case 'loading':
      // resolveModel waited; this is a tokenizer removed and registered again meanwhile.
      throw new TokenizerRequestError(503, 'tokenizer_unavailable', `Tokenizer '${lookup.name}' is still loading`);
    case 'unknown':
      // SMG answers an unknown model with 400 tokenizer_not_found.
      throw new TokenizerRequestError(400, 'tokenizer_not_found', lookup.message);
  }
}

function isBatch(tokens: readonly number[] | ReadonlyArray<readonly number[]>): tokens is ReadonlyArray<readonly number[]> {
  return tokens.length > 0 && Array.isArray(tokens[0]);
}

/** Like Rust's `str::chars().count()`, which SMG uses: code points, not UTF-16 units. */
function countChars(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

function invalid(path: string, message: string): TokenizerRequestError {
  return new TokenizerRequestError(400, 'invalid_request', path === '' ? `body ${message}` : `${path} ${message}`);
}
