import type { ErrorCode } from '../../core/errors/error-catalogue.js';
import { GatewayError } from '../../core/errors/gateway-error.js';
import { toOpenAiErrorBody } from '../../core/errors/openai-error-body.js';
import type { PluginResponse } from '../../core/plugin-contract.js';

/**
 * An error answer of the /parse routes: the gateway's OpenAI error shape, plus SMG's
 * `success: false` so SMG clients that test that field still see the failure. (SMG's own `error`
 * is a bare string; the object here carries the same text in `error.message`.)
 */
export function parseErrorAnswer(code: ErrorCode, message: string, publicCode: string): PluginResponse {
  const { status, body } = toOpenAiErrorBody(new GatewayError(code, message, { publicCode }));
  return { status, body: { ...body, success: false } };
}
