import type { ParameterizedContext } from 'koa';
import type { Principal } from '../auth/principal.js';
import type { Exchange } from '../pipeline/exchange.js';
import type { ErrorResponse } from '../errors/openai-error-body.js';
import type { RequestWatch } from './request-watcher.js';

/** What the gateway's own middleware records about a request, typed (instead of ctx.state). */
export interface RequestObservation {
  requestId: string;
  /** The route's error format (its dialect's), when not OpenAI's. */
  formatError: ((err: unknown) => ErrorResponse) | undefined;
  /** Set by the route's guard; undefined on public routes. */
  principal: Principal | undefined;
  /** The registered route template, or "unmatched": a bounded metrics label. */
  route: string;
  exchange: Exchange | undefined;
  /** The pipeline's stage names (its shared array), for the request log's stages that ran. */
  stages: readonly string[] | undefined;
  /** A plugin watching this request (a tracer), told when its exchange exists; undefined when none. */
  watch: RequestWatch | undefined;
}

export interface GatewayContextExtension {
  observation: RequestObservation;
  /** Path parameters, set by @koa/router on matched routes. */
  params?: Record<string, string>;
}

export type GatewayContext = ParameterizedContext<Record<string, never>, GatewayContextExtension>;
