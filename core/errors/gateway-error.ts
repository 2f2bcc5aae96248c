import { ERROR_CATALOGUE, type ErrorCode, type OpenAiErrorType } from './error-catalogue.js';

export interface GatewayErrorOptions {
  /** Overrides the catalogue status, e.g. to relay an upstream's 429 as a 429. */
  readonly status?: number;
  readonly type?: OpenAiErrorType;
  /** The request field at fault (OpenAI's `param`). */
  readonly param?: string | null;
  /** Replaces `code` in the body, e.g. an upstream's own `context_length_exceeded`. */
  readonly publicCode?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Machine-readable facts sent as `error.details` (never a secret: the client sees them). */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * The one error type the gateway throws on purpose. Its message is shown to the client, so it must
 * never carry a secret; anything else thrown is reported as a generic internal error.
 */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: OpenAiErrorType;
  readonly retryable: boolean;
  readonly param: string | null;
  readonly publicCode: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const entry = ERROR_CATALOGUE[code];
    this.name = 'GatewayError';
    this.code = code;
    this.status = options.status ?? entry.status;
    this.type = options.type ?? entry.type;
    this.retryable = entry.retryable;
    this.param = options.param ?? null;
    this.publicCode = options.publicCode ?? code;
    this.headers = options.headers ?? {};
    this.details = options.details;
  }

  /** The same error with more response headers (e.g. rate-limit state on an upstream failure). */
  withHeaders(extra: Readonly<Record<string, string>>): GatewayError {
    return new GatewayError(this.code, this.message, {
      status: this.status,
      type: this.type,
      param: this.param,
      publicCode: this.publicCode,
      headers: { ...extra, ...this.headers },
      ...(this.details === undefined ? {} : { details: this.details }),
      cause: this.cause,
    });
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}
