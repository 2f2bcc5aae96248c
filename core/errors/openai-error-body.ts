import { GatewayError } from './gateway-error.js';
import type { OpenAiErrorType } from './error-catalogue.js';

export interface OpenAiErrorBody {
  error: { message: string; type: OpenAiErrorType; code: string | null; param: string | null; details?: Readonly<Record<string, unknown>> };
}

export interface ErrorResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

/** Maps any thrown value to the OpenAI error shape. Unknown errors never expose their message. */
export function toOpenAiErrorBody(err: unknown): ErrorResponse & { body: OpenAiErrorBody } {
  const gatewayError =
    err instanceof GatewayError ? err : new GatewayError('GW_ERR_INTERNAL', 'The gateway failed to handle the request.');
  return {
    status: gatewayError.status,
    headers: gatewayError.headers,
    body: {
      error: {
        message: gatewayError.message,
        type: gatewayError.type,
        code: gatewayError.publicCode,
        param: gatewayError.param,
        ...(gatewayError.details === undefined ? {} : { details: gatewayError.details }),
      },
    },
  };
}
