/**
 * A tokenize/detokenize request that cannot be answered, with the HTTP status and SMG's error
 * `type`, so the route can answer `{error: {message, type}}` as SMG does.
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

  toBody(): { error: { message: string; type: string } } {
    return { error: { message: this.message, type: this.type } };
  }
}
