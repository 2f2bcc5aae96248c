import { GatewayError } from '../../../core/errors/gateway-error.js';
import { UpstreamUnreachableError } from '../providers/provider-contract.js';
import type { CancelSignal } from '../../../core/pipeline/cancellation.js';

/**
 * What an attempt's outcome says about the worker, for its circuit breaker: `failure` (it
 * misbehaved), `success` (it answered, even if with a client error), or `none` (nothing was learnt:
 * the client went away, the gateway itself failed, the request ran out of its own time).
 */
export type Verdict = 'failure' | 'success' | 'none';

export interface AttemptFailure {
  readonly error: GatewayError;
  /** Another attempt (on another worker) may succeed. */
  readonly retryable: boolean;
  readonly verdict: Verdict;
}

/** Statuses worth another attempt: timeouts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The one transport-failure classifier for every adapter: a failure before any usable answer, as
 * the client will see it and as the worker's breaker will count it. A client that went away is
 * never the worker's fault, whatever error the abort surfaced as; an error that is not a transport
 * error is the gateway's own.
 */
export function classifyTransportFailure(err: unknown, timeouts: { connectMs: number; headersMs: number }, clientSignal: CancelSignal): AttemptFailure {
  if (clientSignal.aborted) {
    const reason: unknown = clientSignal.reason;
    const error = reason instanceof GatewayError ? reason : new GatewayError('GW_ERR_REQUEST_ABORTED', 'Client closed the connection.');
    return { error, retryable: false, verdict: 'none' };
  }
  // The adapter refused the call itself (e.g. a path that would leave the worker's base): not the worker's doing.
  if (err instanceof GatewayError) return { error: err, retryable: false, verdict: 'none' };
  if (!(err instanceof UpstreamUnreachableError)) {
    return { error: new GatewayError('GW_ERR_INTERNAL', 'The upstream call failed.', { cause: err }), retryable: false, verdict: 'none' };
  }
  switch (err.kind) {
    case 'headers_timeout':
      return { error: timeout(`The upstream worker sent no response within ${timeouts.headersMs} ms.`), retryable: true, verdict: 'failure' };
    case 'connect_timeout':
      return { error: timeout(`Could not connect to the upstream worker within ${timeouts.connectMs} ms.`), retryable: true, verdict: 'failure' };
    case 'ssrf':
      return { error: new GatewayError('GW_ERR_UPSTREAM_UNREACHABLE', 'The upstream worker resolves to an address the SSRF policy refuses.'), retryable: false, verdict: 'failure' };
    case 'invalid_response':
      return { error: new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', "The upstream worker's response is not what its API defines."), retryable: true, verdict: 'failure' };
    case 'aborted':
      // The request's own total time ran out: the worker may simply be slow for this request.
      return { error: timeout('The request ran out of time.'), retryable: false, verdict: 'none' };
    default:
      return { error: new GatewayError('GW_ERR_UPSTREAM_UNREACHABLE', 'The upstream worker could not be reached.', { cause: err }), retryable: true, verdict: 'failure' };
  }
}

function timeout(message: string): GatewayError {
  return new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', message);
}
