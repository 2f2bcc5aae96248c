import { GatewayError } from '../../core/errors/gateway-error.js';
import { UpstreamUnreachableError } from '../../core/providers/provider-contract.js';

export interface AttemptFailure {
  readonly error: GatewayError;
  /** Another attempt (on another worker) may succeed. */
  readonly retryable: boolean;
  /** The worker itself misbehaved (counts toward its circuit breaker). */
  readonly workerFault: boolean;
}

/** Statuses worth another attempt: timeouts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A transport failure (nothing usable came back) as the client will see it. */
export function classifyTransportFailure(err: unknown, timeouts: { connectMs: number; headersMs: number }): AttemptFailure {
  if (!(err instanceof UpstreamUnreachableError)) {
    return { error: new GatewayError('GW_ERR_INTERNAL', 'The upstream call failed.', { cause: err }), retryable: false, workerFault: false };
  }
  switch (err.kind) {
    case 'headers_timeout':
      return { error: timeout(`The upstream worker sent no response within ${timeouts.headersMs} ms.`), retryable: true, workerFault: true };
    case 'connect_timeout':
      return { error: timeout(`Could not connect to the upstream worker within ${timeouts.connectMs} ms.`), retryable: true, workerFault: true };
    case 'ssrf':
      return { error: new GatewayError('GW_ERR_UPSTREAM_UNREACHABLE', 'The upstream worker resolves to an address the SSRF policy refuses.'), retryable: false, workerFault: true };
    case 'aborted':
      return { error: timeout('The request ran out of time.'), retryable: false, workerFault: false };
    default:
      return { error: new GatewayError('GW_ERR_UPSTREAM_UNREACHABLE', 'The upstream worker could not be reached.', { cause: err }), retryable: true, workerFault: true };
  }
}

function timeout(message: string): GatewayError {
  return new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', message);
}
