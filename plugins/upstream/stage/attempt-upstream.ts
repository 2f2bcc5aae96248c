import { randomBytes } from 'node:crypto';
import type { Exchange, JsonObject } from '../../../core/pipeline/exchange.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { UpstreamReply, UpstreamTimeouts } from '../providers/provider-contract.js';
import type { Route } from '../routing/worker-router.js';
import type { Worker } from '../fleet/worker.js';
import { headersForWorker } from './destination-endpoint.js';
import { classifyTransportFailure, isRetryableStatus, type AttemptFailure } from './classify-failure.js';
import { mapUpstreamError } from './map-upstream-error.js';
import { parseRetryAfter } from './retry-after.js';
import type { CancelSignal } from '../../../core/pipeline/cancellation.js';

export type AttemptResult =
  | { readonly ok: true; readonly reply: UpstreamReply; readonly worker: Worker }
  | ({ readonly ok: false; readonly worker: Worker; readonly pauseMs?: number | undefined } & AttemptFailure);

export interface AttemptInput {
  readonly x: Exchange;
  readonly route: Route;
  readonly body: JsonObject;
  readonly signal: CancelSignal;
  readonly timeouts: UpstreamTimeouts;
  readonly providers: ProviderRegistry;
}

/**
 * One try on one worker (or one prefill/decode pair). SGLang-style disaggregation: both workers
 * get the same request plus `bootstrap_host`, `bootstrap_port` and `bootstrap_room` (where the
 * decode worker fetches the prefill's KV cache); the client's answer is the decode worker's, and
 * the prefill worker's body is read and dropped.
 */
export function attemptUpstream(input: AttemptInput): Promise<AttemptResult> {
  const { route } = input;
  // Not async itself: the common case is one call, and another async layer is another promise.
  return route.kind === 'single' ? send(input, route.worker, undefined) : attemptPair(input, route);
}

async function attemptPair(input: AttemptInput, route: Extract<Route, { readonly kind: 'pd' }>): Promise<AttemptResult> {
  const extras = {
    bootstrap_host: new URL(route.prefill.url).hostname,
    bootstrap_port: route.prefill.spec.bootstrap_port ?? 8998,
    bootstrap_room: Number(randomBytes(6).readUIntBE(0, 6)),
  };
  const [prefill, decode] = await Promise.all([send(input, route.prefill, extras), send(input, route.decode, extras)]);
  if (prefill.ok) prefill.reply.body.resume();
  if (!prefill.ok) {
    if (decode.ok) decode.reply.body.destroy();
    return prefill;
  }
  return decode;
}

async function send(input: AttemptInput, worker: Worker, bodyExtras: Record<string, unknown> | undefined): Promise<AttemptResult> {
  let reply: UpstreamReply;
  try {
    reply = await input.providers.forRuntime(worker.runtime).send({
      worker,
      operation: input.x.route.operation,
      body: input.body,
      requestId: input.x.requestId,
      signal: input.signal,
      timeouts: input.timeouts,
      ...(bodyExtras === undefined ? {} : { bodyExtras }),
      ...(input.x.request.raw === undefined ? {} : { raw: input.x.request.raw }),
      ...(Object.keys(input.x.upstreamHeaders).length === 0 ? {} : { headers: headersForWorker(input.x.upstreamHeaders, worker.url) }),
    });
  } catch (err) {
    return { ok: false, worker, ...classifyTransportFailure(err, input.timeouts, input.x.cancel) };
  }
  if (reply.status < 400) return { ok: true, reply, worker };
  const error = await mapUpstreamError(reply, worker);
  const retryable = isRetryableStatus(reply.status);
  // A 429 or a 4xx is a worker doing its job; only timeouts and server errors count against it.
  return { ok: false, worker, error, retryable, verdict: retryable && reply.status !== 429 ? 'failure' : 'success', pauseMs: pauseOf(reply) };
}

/** A worker that says how long to back off (429/503 with Retry-After) is left alone that long. */
function pauseOf(reply: UpstreamReply): number | undefined {
  return reply.status === 429 || reply.status === 503 ? parseRetryAfter(reply.headers['retry-after']) : undefined;
}
