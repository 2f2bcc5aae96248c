import type { ParameterizedContext } from 'koa';
import type { Exchange } from '../pipeline/exchange.js';

/** What the gateway's own middleware records about a request, typed (instead of ctx.state). */
export interface RequestObservation {
  requestId: string;
  /** The registered route template, or "unmatched": a bounded metrics label. */
  route: string;
  exchange: Exchange | undefined;
}

export interface GatewayContextExtension {
  observation: RequestObservation;
}

export type GatewayContext = ParameterizedContext<Record<string, never>, GatewayContextExtension>;
