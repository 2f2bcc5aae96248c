import type { ErrorCode } from '../../core/errors/error-catalogue.js';
import { GatewayError } from '../../core/errors/gateway-error.js';
import { toOpenAiErrorBody, type OpenAiErrorBody } from '../../core/errors/openai-error-body.js';

/**
 * The gateway's OpenAI error shape for a tokenizer answer. SMG answers `{error: {message, type}}`
 * with its own words in `type` (`tokenizer_not_found` …); OpenAI clients switch on `type`, so SMG's
 * word goes to `code` instead and `type` stays one of OpenAI's.
 */
export function tokenizerErrorBody(code: ErrorCode, message: string, smgType: string, status?: number): OpenAiErrorBody {
  return toOpenAiErrorBody(new GatewayError(code, message, { publicCode: smgType, ...(status === undefined ? {} : { status }) })).body;
}
