import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '../../../core/errors/gateway-error.js';
import type { Exchange, JsonObject } from '../../../core/pipeline/exchange.js';
import type { AttemptFinished } from '../../../core/pipeline/attempt-observer.js';
import { createStateKey } from '../../../core/pipeline/exchange-state.js';
import type { Stage } from '../../../core/pipeline/stage-contract.js';
import type { ModelsConfig, ResilienceConfig } from '../config/config-types.js';
import type { WorkerPool } from '../fleet/worker-pool.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { WorkerRouter } from '../routing/worker-router.js';
import type { UpstreamTimeouts } from '../providers/provider-contract.js';
import type { Route } from '../routing/worker-router.js';
import type { RoutingRequest } from '../routing/routing-policy.js';
import type { Worker } from '../fleet/worker.js';
import type { CircuitBreaker } from '../fleet/circuit-breaker.js';
import { attemptUpstream, type AttemptResult } from './attempt-upstream.js';
import type { Verdict } from './classify-failure.js';
import { respondFromReply } from './respond-from-reply.js';
import type { CountTokens } from './estimate-usage.js';
import { routingRequestOf } from './routing-request.js';
import { totalDeadline } from './total-deadline.js';
import { abortSignalOf, type CancelSignal } from '../../../core/pipeline/cancellation.js';
import type { UpstreamStageConfig } from '../config/upstream-stage-config.generated.js';
import { isJsonObject } from '../../../core/streams/is-json-object.js';
import { mergeObjects } from '../../../core/util/merge-objects.js';

/** What the upstream stage uses, owned by the upstream plugin and lent by closure. */
export interface UpstreamServices {
  readonly pool: WorkerPool;
  readonly router: WorkerRouter;
  readonly providers: ProviderRegistry;
  readonly retries: ResilienceConfig['retries'];
  readonly models: ModelsConfig;
  /** Header naming the session for consistent hashing. */
  readonly sessionHeader: string;
  /** `passthrough.files_provider`. */
  readonly filesProvider: string | undefined;
  /** Token counts for a stream that reports no usage (the tokenizers plugin's); rough without. */
  readonly countTokens?: CountTokens | undefined;
}

/** What a request holds until its response has ended: worker slots, its place in the retry budget. */
const HELD = createStateKey<(() => void)[]>('upstream.held');

/**
 * Ends what the last upstream call holds (its worker slot, retry-budget entry, deadline timer)
 * before the response ends, for a stage that runs `upstream` several times per request and has
 * fully read a turn's answer (the tool loop, between turns): otherwise a loop of N turns holds N
 * slots until the client has the last one. The answer's body must have been read completely.
 */
export function releaseUpstreamTurn(x: Exchange): void {
  for (const release of x.state.get(HELD)?.splice(0) ?? []) release();
}

/**
 * Terminal stage: route to a worker, call it through its provider adapter, shape the response.
 * Retryable failures (connect errors, timeouts, 408/429/5xx) are tried again on another worker —
 * only before any byte reached the client, with exponential backoff and jitter, and only while
 * the app-wide retry budget allows.
 */
export function createUpstreamStage(config: UpstreamStageConfig, services: UpstreamServices): Stage {
  const retries = services.retries;
  const timeouts: UpstreamTimeouts = {
    connectMs: config.connect_timeout_ms,
    headersMs: config.headers_timeout_ms,
    idleMs: config.idle_timeout_ms,
  };

  return {
    async handle(x: Exchange): Promise<void> {
      const model = x.request.model;
      // Covers the whole answer, streamed body included: cleared only when the response ends.
      const { signal, clear } = totalDeadline(x.cancel, config.total_timeout_ms);
      // Appended to, never replaced: a stage before this one may run it again (a tool loop's turns).
      const held = x.state.get(HELD) ?? [];
      held.push(services.router.retryBudget.requestStarted(), clear);
      x.state.set(HELD, held);
      const routing = routingRequestOf(x, services.sessionHeader);
      const tried = new Set<Worker>();
      let last: (AttemptResult & { ok: false }) | undefined;

      for (let attempt = 1; attempt <= retries.max_attempts; attempt++) {
        let releaseRetry: (() => void) | undefined;
        if (attempt > 1) {
          releaseRetry = services.router.retryBudget.tryRetry();
          if (releaseRetry === undefined) break;
          await backoff(attempt, retries.initial_backoff_ms, retries.max_backoff_ms, signal).catch(() => undefined);
        }
        try {
          if (signal.aborted) break;
          const found = routeFor(x, services, routing, tried, signal);
          const route = found instanceof Promise ? await found : found;
          if (route === undefined) {
            // Every worker was tried or asked for a pause: the last failure is the honest answer.
            if (last !== undefined) break;
            throw noWorker(model, services.pool);
          }
          const target = route.kind === 'single' ? route.worker : route.decode;
          const breaker = target.breakerFor(route.model);
          if (!breaker.tryAcquire()) {
            tried.add(target);
            continue;
          }
          const release = acquireSlots(route);
          x.attempts++;
          const watched = x.attemptObserver?.attemptStarted(x, { number: x.attempts, worker: target.id, model: route.model }, x.upstreamHeaders);
          const attempting = attemptOn(route, x, config, timeouts, signal, services.providers);
          const result = await (watched === undefined ? attempting : reportAttempt(attempting, watched));
          if (result.ok) {
            held.push(release);
            x.servedWorker = target.id;
            x.servedModel = route.model;
            await respondFromReply(x, result.reply, route.model, config, breaker, services.models, services.countTokens);
            return;
          }
          release();
          charge(breaker, result.verdict);
          if (result.pauseMs !== undefined) breaker.pause(result.pauseMs);
          tried.add(result.worker);
          last = result;
          if (!result.retryable || x.cancel.aborted) break;
        } finally {
          releaseRetry?.();
        }
      }
      if (x.cancel.aborted) throw x.cancel.reason;
      if (last === undefined) {
        if (signal.aborted) throw new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `No answer within ${config.total_timeout_ms} ms.`);
        throw noWorker(model, services.pool);
      }
      throw gaveUp(last.error);
    },

    onResponseEnd(x: Exchange): void {
      for (const release of x.state.get(HELD)?.splice(0) ?? []) release();
    },
  };
}

/** Tells the attempt's watcher (a tracer) how it ended, thrown or answered. */
async function reportAttempt(attempting: Promise<AttemptResult>, finished: AttemptFinished): Promise<AttemptResult> {
  let result: AttemptResult;
  try {
    result = await attempting;
  } catch (err) {
    finished({ status: undefined, error: err });
    throw err;
  }
  finished(result.ok ? { status: result.reply.status, error: undefined } : { status: result.error.status, error: result.error });
  return result;
}

/** What an outcome tells the worker's breaker for this model. */
export function charge(breaker: CircuitBreaker, verdict: Verdict): void {
  if (verdict === 'failure') breaker.recordFailure();
  else if (verdict === 'success') breaker.recordSuccess();
  else breaker.release();
}

/** A slot on every worker the route uses (both halves of a prefill/decode pair). */
function acquireSlots(route: Route): () => void {
  if (route.kind === 'single') return route.worker.acquire();
  const prefill = route.prefill.acquire();
  const decode = route.decode.acquire();
  return () => {
    prefill();
    decode();
  };
}

/**
 * Passthrough to a named provider goes there; everything else is routed by model. A worker free
 * now is returned as it is: only waiting for a slot needs a promise.
 */
function routeFor(x: Exchange, services: UpstreamServices, routing: RoutingRequest, tried: ReadonlySet<Worker>, signal: CancelSignal): Route | undefined | Promise<Route | undefined> {
  const raw = x.request.raw;
  if (raw !== undefined && raw.target !== 'model') {
    const name = raw.target === 'files-provider' ? services.filesProvider : raw.params['provider'];
    const worker = name === undefined ? undefined : services.router.provider(name);
    if (worker === undefined) {
      throw new GatewayError('GW_ERR_ROUTING_PROVIDER_NOT_FOUND', name === undefined ? 'No provider is configured for this endpoint (passthrough.files_provider).' : `No provider named \`${name.slice(0, 64)}\`.`);
    }
    return { kind: 'single', model: x.request.model, worker };
  }
  const model = services.router.served(x.request.model);
  return services.router.route(model, routing, tried) ?? waitForRoute(services, model, routing, tried, signal);
}

async function waitForRoute(services: UpstreamServices, model: string, routing: RoutingRequest, tried: ReadonlySet<Worker>, signal: CancelSignal): Promise<Route | undefined> {
  // A lone worker that failed retryably may be tried again (after backoff), unless it asked for a pause.
  return (await services.router.routeWhenFree(model, routing, tried, signal)) ?? (tried.size > 0 ? services.router.routeWhenFree(model, routing, new Set(), signal) : undefined);
}

function attemptOn(route: Route, x: Exchange, config: UpstreamStageConfig, timeouts: UpstreamTimeouts, signal: CancelSignal, providers: ProviderRegistry): Promise<AttemptResult> {
  const body = withUsageRequest(route.model === x.request.model ? x.request.body : { ...x.request.body, model: route.model }, x, config);
  return attemptUpstream({ x, route, body, signal, timeouts, providers });
}

/** Streams ask for usage so the gateway can count tokens (the relay hides it when not asked). */
function withUsageRequest(body: JsonObject, x: Exchange, config: UpstreamStageConfig): JsonObject {
  if (!x.request.stream || config.stream_usage !== 'inject') return body;
  const options = body['stream_options'];
  const current = isJsonObject(options) ? options : {};
  if (current['include_usage'] === true) return body;
  return mergeObjects<unknown>(body, { stream_options: mergeObjects<unknown>(current, { include_usage: true }) });
}

function backoff(attempt: number, initialMs: number, maxMs: number, signal: CancelSignal): Promise<void> {
  const base = Math.min(maxMs, initialMs * 2 ** (attempt - 2));
  // Retries only: the real AbortSignal timers/promises wants is made here, not on every request.
  return sleep(base / 2 + Math.random() * (base / 2), undefined, { signal: abortSignalOf(signal) });
}

function noWorker(model: string, pool: WorkerPool): GatewayError {
  if (!pool.hasModel(model)) {
    return new GatewayError('GW_ERR_ROUTING_MODEL_NOT_FOUND', `The model \`${model.slice(0, 256)}\` does not exist or has no worker.`, {
      param: 'model',
      publicCode: 'model_not_found',
    });
  }
  // Workers that asked for a pause (Retry-After) tell the client when to come back.
  const pauses = pool.workersFor(model).map((w) => w.breakerFor(model).pausedForMs).filter((ms) => ms > 0);
  const retryAfter = pauses.length === 0 ? 1 : Math.max(1, Math.ceil(Math.min(...pauses) / 1000));
  return new GatewayError('GW_ERR_ROUTING_NO_WORKER', `No worker for \`${model.slice(0, 256)}\` is available right now.`, {
    headers: { 'retry-after': String(retryAfter), 'x-should-retry': 'false' },
  });
}

/** The gateway has retried what it could: clients should not multiply the load by retrying too. */
function gaveUp(error: GatewayError): GatewayError {
  const extra: Record<string, string> = { 'x-should-retry': 'false' };
  if ((error.status === 429 || error.status === 503) && error.headers['retry-after'] === undefined) extra['retry-after'] = '1';
  return error.withHeaders(extra);
}

