import { performance } from 'node:perf_hooks';
import { ANONYMOUS } from '../auth/principal.js';
import { forbidden } from '../auth/route-guards.js';
import { GatewayError } from '../errors/gateway-error.js';
import { toOpenAiErrorBody } from '../errors/openai-error-body.js';
import { Cancellation } from '../pipeline/cancellation.js';
import { Exchange, type ExchangeRequest } from '../pipeline/exchange.js';
import type { GenerationHolder } from '../pipeline/pipeline-generations.js';
import type { IngressCheck } from '../schema/schema-validators.js';
import { TransformChain } from '../streams/transform-chain.js';
import { transformJsonResponse } from '../streams/transform-json.js';
import { transformSseStream } from '../streams/transform-stream.js';
import type { ActiveStreams } from './active-streams.js';
import type { DataPlaneRoute } from './data-plane-routes.js';
import { flattenHeaders } from './flatten-headers.js';
import type { GatewayContext } from './gateway-context.js';
import type { InFlightLimit } from './in-flight-limit.js';
import { readRouteBody, type BodyLimits } from './read-route-body.js';
import { sendStream } from './send-stream.js';

const DRAINED = (): GatewayError =>
  new GatewayError('GW_ERR_GATEWAY_DRAINING', 'The gateway is shutting down and ended this stream before it finished; retry the request.');

const OPENAI_STREAM_ERRORS = {
  formatStreamError: (err: unknown): string => `data: ${JSON.stringify(toOpenAiErrorBody(err).body)}\n\n`,
};

export interface DataPlaneHandlerDeps {
  readonly route: DataPlaneRoute;
  readonly checkBody: IngressCheck | undefined;
  readonly generations: GenerationHolder;
  readonly bodyLimits: BodyLimits;
  readonly inFlight: InFlightLimit;
  readonly activeStreams: ActiveStreams;
  /** A plugin's reason to refuse data-plane traffic now (maintenance), checked first. */
  readonly trafficHold: () => GatewayError | undefined;
}

/**
 * Ingress for one pipeline-backed route: read and validate the body, lease the current pipeline
 * generation, run the pipeline, apply the response transforms stages asked for, hand the result to
 * Koa. The end of the response — body fully sent or client gone — is decided here, in one place:
 * the stages' end phase runs, the generation is released, the in-flight slot freed.
 */
export function createDataPlaneHandler(deps: DataPlaneHandlerDeps) {
  const { route } = deps;
  return async function handleDataPlaneRequest(ctx: GatewayContext): Promise<void> {
    const startedAt = performance.now();
    const hold = deps.trafficHold();
    if (hold !== undefined) throw hold;
    // Shed load before reading a byte of the body: past the limit, work would only queue up.
    const releaseSlot = deps.inFlight.tryAcquire();
    if (releaseSlot === undefined) {
      throw new GatewayError('GW_ERR_GATEWAY_OVERLOADED', 'The gateway is at its limit of requests in flight; retry shortly.', {
        headers: { 'retry-after': '1' },
      });
    }
    // Filled in as the request gets further; the one listener that ends it runs whatever is there.
    let onEnd = (): void => undefined;
    let untrack = (): void => undefined;
    ctx.res.once('close', () => {
      releaseSlot();
      untrack();
      onEnd();
    });

    const { body, raw } = await readRouteBody(ctx, route, deps.checkBody, deps.bodyLimits);
    const stream = route.streamable && body['stream'] === true;
    const model = typeof body['model'] === 'string' ? body['model'] : '';
    const principal = ctx.observation.principal ?? ANONYMOUS;
    if (principal.models !== undefined && !principal.models.has(model)) {
      throw forbidden(`These credentials may not use the model \`${model.slice(0, 256)}\`.`);
    }

    const generation = deps.generations.current;
    const pipeline = generation.pipelines.get(route.path);
    if (pipeline === undefined) throw new GatewayError('GW_ERR_INTERNAL', 'No pipeline for this route.');
    const cancel = new Cancellation();
    const request: ExchangeRequest = {
      method: ctx.method,
      path: route.path,
      headers: flattenHeaders(ctx.req.headers),
      body,
      model,
      stream,
      ...(raw === undefined ? {} : { raw }),
    };
    const x = new Exchange(ctx.observation.requestId, route, request, principal, cancel, startedAt);
    ctx.observation.exchange = x;
    ctx.observation.stages = pipeline.stageNames;
    ctx.observation.watch?.exchangeCreated?.(x);

    const release = generation.lease();
    // The config that answers this request, whatever reloads happen while it runs.
    ctx.set('x-config-version', generation.version);
    onEnd = () => {
      const sent = ctx.res.writableFinished;
      if (!sent) cancel.abort(new GatewayError('GW_ERR_REQUEST_ABORTED', 'Client closed the connection.'));
      pipeline.end(x, { reason: sent ? 'sent' : 'client_gone', status: sent ? ctx.status : 499 });
      release();
    };

    await pipeline.run(x);
    const response = x.response;
    if (response === undefined) throw new GatewayError('GW_ERR_PIPELINE_NO_RESPONSE', 'The pipeline produced no response.');
    const isEventStream = response.kind === 'stream' && (response.headers['content-type'] ?? '').startsWith('text/event-stream');
    if (x.transforms.length > 0) {
      // Only routes where a stage asked to see the text pay for parsing it.
      const chain = new TransformChain(x.transforms);
      if (response.kind === 'json') response.body = await transformJsonResponse(response.body, chain);
      else if (isEventStream) {
        response.body = transformSseStream(response.body, chain, {
          reportMalformed: response.reportMalformed,
          onStopped: (reason) => (x.streamError ??= reason),
        });
      }
    }
    ctx.status = response.status;
    ctx.set(response.headers);
    const dialect = route.dialect;
    if (response.kind === 'json') {
      ctx.body = dialect === undefined ? response.body : dialect.fromOpenAiJson(response.body, model);
      return;
    }
    const out = dialect === undefined ? response.body : dialect.fromOpenAiStream(response.body, model, response.reportMalformed);
    sendStream(ctx, out);
    if (isEventStream) {
      untrack = deps.activeStreams.track(ctx.res, out, () => {
        x.streamError ??= 'draining';
        return (dialect ?? OPENAI_STREAM_ERRORS).formatStreamError(DRAINED());
      });
    }
  };
}
