import { isJsonObject } from './check-tokenizer-components.js';
import { tokenizerErrorBody } from './tokenizer-error-body.js';
import { InvalidTokenizerSpec, TokenizerNameTaken, type TokenizerRecord, type TokenizerRegistry, type TokenizerState } from './tokenizer-registry.js';

/** What a tokenizer admin route answers: set the status and send the body as JSON. */
export interface AdminAnswer {
  readonly status: number;
  readonly body: object;
}

/** SMG's job words for our states (its GET …/status answers these). */
const SMG_STATUS: Readonly<Record<TokenizerState, string>> = { pending: 'pending', loading: 'processing', ready: 'completed', failed: 'failed' };

/**
 * POST /v1/tokenizers: 202 with SMG's AddTokenizerResponse, 409 for a taken name, 400 for a bad body.
 * Errors are the gateway's OpenAI shape; SMG's own fields (`id`, `status`, `message`, `success`) ride along.
 */
export function answerRegister(registry: TokenizerRegistry, value: unknown): AdminAnswer {
  if (!isJsonObject(value)) return notValid('body must be a JSON object');
  const { name, source, chat_template_path: chatTemplatePath } = value;
  if (typeof name !== 'string' || typeof source !== 'string') return notValid('name and source are required strings');
  if (chatTemplatePath !== undefined && typeof chatTemplatePath !== 'string') return notValid('chat_template_path must be a string');
  try {
    const record = registry.register(chatTemplatePath === undefined ? { name, source } : { name, source, chat_template_path: chatTemplatePath });
    return {
      status: 202,
      body: { id: record.id, status: 'pending', message: `Tokenizer '${name}' registration job submitted. Loading from: ${source}` },
    };
  } catch (err) {
    if (err instanceof TokenizerNameTaken) {
      const error = tokenizerErrorBody('GW_ERR_ADMIN_CONFLICT', `${err.message}: DELETE /v1/tokenizers/${err.existingId} first, or choose another name`, 'tokenizer_exists');
      return { status: 409, body: { ...error, id: err.existingId, status: 'failed', message: err.message } };
    }
    if (err instanceof InvalidTokenizerSpec) return notValid(err.message);
    throw err;
  }
}

/** GET /v1/tokenizers: SMG's list, every registration (not only ready ones) with its state. */
export function answerList(registry: TokenizerRegistry): AdminAnswer {
  return { status: 200, body: { tokenizers: registry.list().map(describeTokenizer) } };
}

/** GET /v1/tokenizers/{id}: by id or name, as SMG. */
export function answerGet(registry: TokenizerRegistry, idOrName: string): AdminAnswer {
  const record = registry.status(idOrName);
  return record === undefined ? notFound(`Tokenizer '${idOrName}' not found`, 'tokenizer_not_found') : { status: 200, body: describeTokenizer(record) };
}

/** GET /v1/tokenizers/{id}/status: SMG's job status, plus our own state word and the failure reason. */
export function answerStatus(registry: TokenizerRegistry, idOrName: string): AdminAnswer {
  const record = registry.status(idOrName);
  if (record === undefined) return notFound(`Tokenizer '${idOrName}' not found and no pending job`, 'not_found');
  return {
    status: 200,
    body: {
      id: record.id,
      status: SMG_STATUS[record.state],
      state: record.state,
      message: describeState(record),
      ...(record.vocabSize === undefined ? {} : { vocab_size: record.vocabSize }),
      ...(record.reason === undefined ? {} : { reason: record.reason }),
    },
  };
}

/** DELETE /v1/tokenizers/{id}: SMG's RemoveTokenizerResponse. */
export function answerRemove(registry: TokenizerRegistry, idOrName: string): AdminAnswer {
  const record = registry.remove(idOrName);
  if (record === undefined) {
    const message = `Tokenizer '${idOrName}' not found`;
    return { status: 404, body: { ...tokenizerErrorBody('GW_ERR_ADMIN_NOT_FOUND', `${message} (GET /v1/tokenizers lists them)`, 'tokenizer_not_found'), success: false, message } };
  }
  return { status: 200, body: { success: true, message: `Tokenizer '${record.name}' removed successfully` } };
}

/** SMG's TokenizerInfo; `vocab_size` is null until it is loaded, and `status` is our state. */
export function describeTokenizer(record: TokenizerRecord): object {
  return {
    id: record.id,
    name: record.name,
    source: record.source,
    vocab_size: record.vocabSize ?? null,
    status: record.state,
    ...(record.reason === undefined ? {} : { reason: record.reason }),
  };
}

function describeState(record: TokenizerRecord): string {
  switch (record.state) {
    case 'pending':
      return `Tokenizer '${record.name}' is queued for loading`;
    case 'loading':
      return `Tokenizer '${record.name}' is loading`;
    case 'ready':
      return `Tokenizer '${record.name}' is loaded and ready`;
    case 'failed':
      return record.reason ?? `Tokenizer '${record.name}' failed to load`;
  }
}

function notValid(message: string): AdminAnswer {
  return { status: 400, body: tokenizerErrorBody('GW_ERR_ADMIN_INVALID_BODY', `Invalid body: ${message}`, 'bad_request') };
}

/** SMG's type word (`tokenizer_not_found`, `not_found`) goes to `code`. */
function notFound(message: string, smgType: string): AdminAnswer {
  return { status: 404, body: tokenizerErrorBody('GW_ERR_ADMIN_NOT_FOUND', `${message} (GET /v1/tokenizers lists them)`, smgType) };
}
