import { performance } from 'node:perf_hooks';
import { ANONYMOUS } from '../auth/principal.js';
import { forbidden } from '../auth/route-guards.js';
import { GatewayError } from '../errors/gateway-error.js';
import { Exchange, type ExchangeRequest } from '../pipeline/exchange.js';
import type { GenerationHolder } from '../pipeline/pipeline-generations.js';
import type { IngressCheck } from '../schema/schema-validators.js';
import type { DataPlaneRoute } from './data-plane-routes.js';
import type { GatewayContext } from './gateway-context.js';
import { flattenHeaders } from './flatten-headers.js';
import { readRouteBody } from './read-route-body.js';

export interface DataPlaneHandlerDeps {
  readonly route: DataPlaneRoute;
  readonly checkBody: IngressCheck | undefined;
  readonly generations: GenerationHolder;
  readonly bodyLimitBytes: number;
}

/**
 * Ingress for one pipeline-backed route: read and validate the body, lease the current pipeline
 * generation until the response has fully left, run the pipeline, hand its response to Koa.
 */
export function createDataPlaneHandler(deps: DataPlaneHandlerDeps) {
  const { route } = deps;
  return async function handleDataPlaneRequest(ctx: GatewayContext): Promise<void> {
    const startedAt = performance.now();
    const { body, raw } = await readRouteBody(ctx, route, deps.checkBody, deps.bodyLimitBytes);
    const stream = route.streamable && body['stream'] === true;
    const model = typeof body['model'] === 'string' ? body['model'] : '';
    const principal = ctx.observation.principal ?? ANONYMOUS;
    if (principal.models !== undefined && !principal.models.has(model)) {
      throw forbidden(`These credentials may not use the model \`${model.slice(0, 256)}\`.`);
    }

    const generation = deps.generations.current;
    const pipeline = generation.pipelines.get(route.path);
    if (pipeline === undefined) throw new GatewayError('GW_ERR_INTERNAL', 'No pipeline for this route.');
    const abort = new AbortController();
    const request: ExchangeRequest = {
      method: ctx.method,
      path: route.path,
      headers: flattenHeaders(ctx.req.headers),
      body,
      model,
      stream,
      ...(raw === undefined ? {} : { raw }),
    };
    const x = new Exchange(ctx.observation.requestId, route, request, principal, abort.signal, startedAt);
    ctx.observation.exchange = x;

    const release = generation.lease();
    ctx.res.once('close', () => {
      if (!ctx.res.writableFinished) abort.abort(new GatewayError('GW_ERR_REQUEST_ABORTED', 'Client closed the connection.'));
      x.complete();
      release();
    });

    await pipeline.run(x);
    const response = x.response;
    if (response === undefined) throw new GatewayError('GW_ERR_PIPELINE_NO_RESPONSE', 'The pipeline produced no response.');
    ctx.status = response.status;
    ctx.set(response.headers);
    const dialect = route.dialect;
    if (dialect === undefined) ctx.body = response.body;
    else ctx.body = response.kind === 'stream' ? dialect.fromOpenAiStream(response.body, model) : dialect.fromOpenAiJson(response.body, model);
  };
}
