/**
 * Every error the gateway can answer with, in one place (fastify's error catalogue is the model).
 * `type` is the OpenAI error type clients switch on; `retryable` tells clients and the retry logic
 * whether trying the same request again can succeed.
 */
export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'server_error'
  /** A security stage refused the content itself (PII or a secret where policy forbids it). */
  | 'security_violation';

export interface CatalogueEntry {
  readonly status: number;
  readonly type: OpenAiErrorType;
  readonly retryable: boolean;
}

function entry(status: number, type: OpenAiErrorType, retryable = false): CatalogueEntry {
  return Object.freeze({ status, type, retryable });
}

export const ERROR_CATALOGUE = Object.freeze({
  GW_ERR_REQUEST_ROUTE_NOT_FOUND: entry(404, 'not_found_error'),
  GW_ERR_REQUEST_METHOD_NOT_ALLOWED: entry(405, 'invalid_request_error'),
  GW_ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE: entry(415, 'invalid_request_error'),
  GW_ERR_REQUEST_BODY_TOO_LARGE: entry(413, 'invalid_request_error'),
  GW_ERR_REQUEST_INVALID_JSON: entry(400, 'invalid_request_error'),
  GW_ERR_REQUEST_INVALID_BODY: entry(400, 'invalid_request_error'),
  GW_ERR_REQUEST_JSON_TOO_COMPLEX: entry(400, 'invalid_request_error'),
  GW_ERR_REQUEST_PATH_INVALID: entry(400, 'invalid_request_error'),
  GW_ERR_REQUEST_ABORTED: entry(499, 'invalid_request_error'),
  GW_ERR_REQUEST_TIMEOUT: entry(408, 'invalid_request_error', true),
  GW_ERR_REQUEST_URI_TOO_LONG: entry(414, 'invalid_request_error'),
  GW_ERR_REQUEST_HEADERS_TOO_LARGE: entry(431, 'invalid_request_error'),
  GW_ERR_REQUEST_MALFORMED: entry(400, 'invalid_request_error'),
  GW_ERR_AUTH_UNAUTHENTICATED: entry(401, 'authentication_error'),
  GW_ERR_AUTH_FORBIDDEN: entry(403, 'permission_error'),
  GW_ERR_ADMIN_INVALID_BODY: entry(400, 'invalid_request_error'),
  GW_ERR_ADMIN_NOT_FOUND: entry(404, 'not_found_error'),
  GW_ERR_ADMIN_CONFLICT: entry(409, 'invalid_request_error'),
  /** An MCP server over stdio asked of the API: never (it would start a command on the gateway's host). */
  GW_ERR_MCP_STDIO_REFUSED: entry(400, 'invalid_request_error'),
  GW_ERR_PROFILING_DISABLED: entry(404, 'not_found_error'),
  GW_ERR_PROFILING_BUSY: entry(409, 'invalid_request_error'),
  GW_ERR_PROFILING_NOT_RUNNING: entry(409, 'invalid_request_error'),
  GW_ERR_PROFILING_INVALID_SECONDS: entry(400, 'invalid_request_error'),
  GW_ERR_ADMIN_WORKER_UNHEALTHY: entry(422, 'invalid_request_error'),
  GW_ERR_CONFIG_REFUSED: entry(400, 'invalid_request_error'),
  GW_ERR_LIMITS_RATE_EXCEEDED: entry(429, 'rate_limit_error', true),
  GW_ERR_LIMITS_BUDGET_EXCEEDED: entry(429, 'insufficient_quota'),
  GW_ERR_LIMITS_BACKEND_UNAVAILABLE: entry(503, 'server_error', true),
  GW_ERR_HA_BACKEND_UNAVAILABLE: entry(503, 'server_error', true),
  GW_ERR_WASM_POLICY_FAILED: entry(503, 'server_error', true),
  GW_ERR_WASM_POLICY_REJECTED: entry(400, 'invalid_request_error'),
  GW_ERR_PII_DETECTED: entry(403, 'security_violation'),
  GW_ERR_ROUTING_MODEL_NOT_FOUND: entry(404, 'not_found_error'),
  GW_ERR_ROUTING_PROVIDER_NOT_FOUND: entry(404, 'not_found_error'),
  GW_ERR_ROUTING_NO_WORKER: entry(503, 'server_error', true),
  GW_ERR_ROUTING_OVERLOADED: entry(503, 'server_error', true),
  GW_ERR_UPSTREAM_STATUS: entry(502, 'server_error', true),
  GW_ERR_UPSTREAM_UNREACHABLE: entry(502, 'server_error', true),
  GW_ERR_UPSTREAM_TIMEOUT: entry(504, 'server_error', true),
  GW_ERR_UPSTREAM_INVALID_RESPONSE: entry(502, 'server_error', true),
  GW_ERR_UPSTREAM_STREAM_FAILED: entry(502, 'server_error', true),
  GW_ERR_GATEWAY_DRAINING: entry(503, 'server_error', true),
  GW_ERR_GATEWAY_OVERLOADED: entry(503, 'server_error', true),
  GW_ERR_GATEWAY_MAINTENANCE: entry(503, 'server_error', true),
  GW_ERR_PIPELINE_NEXT_NOT_AWAITED: entry(500, 'server_error'),
  GW_ERR_PIPELINE_NEXT_CALLED_TWICE: entry(500, 'server_error'),
  GW_ERR_PIPELINE_NO_RESPONSE: entry(500, 'server_error'),
  GW_ERR_INTERNAL: entry(500, 'server_error'),
});

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
