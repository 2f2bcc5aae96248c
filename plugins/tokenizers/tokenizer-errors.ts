/**
 * The errors this module throws on purpose. Their messages are meant for the admin or client that
 * asked, so none of them says what exists on the gateway's disk.
 */

/**
 * One answer for every way a tokenizer path can be unacceptable (missing, outside the roots, a
 * link out, a directory without tokenizer.json, a FIFO, too big), so registration is no oracle
 * for the gateway's file system.
 */
export class TokenizerFileRefused extends Error {
  constructor(what = 'source') {
    super(
      what === 'source'
        ? 'source was refused: it must name a readable tokenizer.json (or a directory holding one) inside one of the roots configured in tokenizers.roots'
        : `${what} was refused: it must be a readable file inside one of the roots configured in tokenizers.roots`,
    );
    this.name = 'TokenizerFileRefused';
  }
}

/** The file was read but is not a tokenizer this gateway can run (bad JSON, unknown components…). */
export class TokenizerFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerFormatError';
  }
}

/** A source that names nothing loadable offline (a hub id with no shipped match, an unknown encoding). */
export class TokenizerSourceUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerSourceUnavailable';
  }
}

export class TokenIdNotInVocabulary extends Error {
  constructor(readonly tokenId: number) {
    super(`token id ${String(tokenId)} is not in the tokenizer's vocabulary`);
    this.name = 'TokenIdNotInVocabulary';
  }
}

/** A chat template that failed to render (a raise_exception in it, or a broken template). */
export class ChatTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChatTemplateError';
  }
}
