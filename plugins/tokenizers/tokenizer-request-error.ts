import type { ErrorCode } from '../../core/errors/error-catalogue.js';
import type { OpenAiErrorBody } from '../../core/errors/openai-error-body.js';
import { tokenizerErrorBody } from './tokenizer-error-body.js';

/** Which catalogue entry each SMG error type answers as. */
const CODES: Readonly<Record<TokenizerRequestError['type'], ErrorCode>> = {
  invalid_request: 'GW_ERR_REQUEST_INVALID_BODY',
  chat_template_error: 'GW_ERR_REQUEST_INVALID_BODY',
  tokenizer_not_found: 'GW_ERR_REQUEST_INVALID_BODY',
  // Neither the client's fault nor a gateway bug: the tokenizer it asked for did not load.
  tokenizer_unavailable: 'GW_ERR_INTERNAL',
};

/**
 * A tokenize/detokenize request that cannot be answered, with the HTTP status and SMG's error
 * `type` (which the answer carries as `error.code`: `error.type` is OpenAI's).
 */
export class TokenizerRequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 503,
    readonly type: 'invalid_request' | 'tokenizer_not_found' | 'tokenizer_unavailable' | 'chat_template_error',
    message: string,
  ) {
    super(message);
    this.name = 'TokenizerRequestError';
  }

  toBody(): OpenAiErrorBody {
    return tokenizerErrorBody(CODES[this.type], this.message, this.type, this.status);
  }
}
