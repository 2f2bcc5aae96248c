import type { NamedStage } from '../../core/pipeline/compose-stages.js';
import type { ExchangeResponse } from '../../core/pipeline/exchange.js';

/** What stands in for `upstream` when Envoy forwards the request: named so in logs and metrics. */
export const ENVOY_UPSTREAM = 'envoy-upstream';

/**
 * The terminal stage of a route's pipeline in ExtProc mode. It calls no worker: reaching it means
 * every request-path stage let the request through (possibly rewritten), which is what Envoy must
 * hear now; it then waits for the upstream's response as Envoy reports it, and hands it to the
 * response path of the stages before it, as `upstream` would.
 */
export interface EnvoyUpstream {
  readonly stage: NamedStage;
  /** Settles when the request reached the stand-in. */
  readonly reached: Promise<void>;
  /** The upstream's response, as Envoy sent it. */
  respond(response: ExchangeResponse): void;
  /** No response will come (Envoy closed the stream). */
  abandon(reason: Error): void;
}

export function createEnvoyUpstream(): EnvoyUpstream {
  let markReached = (): void => undefined;
  const reached = new Promise<void>((resolve) => (markReached = resolve));
  let deliver = (_response: ExchangeResponse): void => undefined;
  let fail = (_reason: Error): void => undefined;
  const response = new Promise<ExchangeResponse>((resolve, reject) => {
    deliver = resolve;
    fail = reject;
  });
  // Nobody may be waiting when the stream ends early (a stage refused first).
  response.catch(() => undefined);
  return {
    reached,
    respond: (r) => deliver(r),
    abandon: (reason) => fail(reason),
    stage: {
      name: ENVOY_UPSTREAM,
      stage: {
        async handle(x) {
          markReached();
          x.response = await response;
        },
      },
    },
  };
}
