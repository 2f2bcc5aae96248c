import { authorizeProtected, credentialIn, type Authentication } from '../auth/route-guards.js';
import type { Principal } from '../auth/principal.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { ComposedPipeline, NamedStage } from '../pipeline/compose-stages.js';
import type { Exchange, JsonObject } from '../pipeline/exchange.js';
import type { GenerationHolder } from '../pipeline/pipeline-generations.js';
import type { ResponseEnd } from '../pipeline/stage-contract.js';
import type { IngressCheck } from '../schema/schema-validators.js';
import type { DataPlaneRoute } from './data-plane-routes.js';
import { parseRouteJson, type BodyLimits } from './read-route-body.js';

/**
 * The data plane for requests that reach the gateway other than over its own HTTP server (Envoy's
 * ExtProc hands over headers and body on a gRPC stream): the same guard, the same ingress check,
 * the same route pipeline — stage instances included — with the route's terminal stage replaced,
 * because such a request goes on to its upstream through whoever handed it over.
 */
export interface DataPlaneAccess {
  /** The JSON (non-passthrough) route served at exactly this path, if any. */
  route(path: string): DataPlaneRoute | undefined;
  /** As the route's guard: the credential in `authorization` (or `x-api-key` where the route takes it). */
  authorize(route: DataPlaneRoute, headers: Readonly<Record<string, string>>): Promise<Principal>;
  /** As ingress: body limits, JSON shape and the route's request schema (a GatewayError 4xx). */
  checkBody(route: DataPlaneRoute, body: Buffer): JsonObject;
  /** Leases the current pipeline generation; `release` once the response has ended. */
  lease(route: DataPlaneRoute, terminal: NamedStage): LeasedPipeline;
}

export interface LeasedPipeline {
  readonly stageNames: readonly string[];
  /** The config version the pipeline was built from (`x-config-version`). */
  readonly configVersion: string;
  readonly run: ComposedPipeline;
  end(x: Exchange, end: ResponseEnd): void;
  release(): void;
}

export interface DataPlaneAccessDeps {
  readonly routes: readonly DataPlaneRoute[];
  readonly generations: () => GenerationHolder | undefined;
  readonly authentication: Authentication;
  readonly ingressCheck: (route: DataPlaneRoute) => IngressCheck | undefined;
  readonly bodyLimits: (route: DataPlaneRoute) => BodyLimits;
  /** A plugin's reason to refuse data-plane traffic now (maintenance), as over HTTP. */
  readonly trafficHold: () => GatewayError | undefined;
}

export function createDataPlaneAccess(deps: DataPlaneAccessDeps): DataPlaneAccess {
  const byPath = new Map(deps.routes.filter((r) => r.passthrough === undefined && !r.path.includes(':')).map((r) => [r.path, r]));
  return {
    route: (path) => byPath.get(path),
    async authorize(route, headers) {
      const principal = await authorizeProtected(credentialIn((name) => headers[name] ?? '', route.acceptsXApiKey === true), deps.authentication, route.path);
      const hold = deps.trafficHold();
      if (hold !== undefined) throw hold;
      return principal;
    },
    checkBody(route, body) {
      const limits = deps.bodyLimits(route);
      if (body.length > limits.maxBytes) {
        throw new GatewayError('GW_ERR_REQUEST_BODY_TOO_LARGE', `Request body is larger than the limit of ${limits.maxBytes} bytes; send less, or raise server.body_limit_bytes (or the route's body.max_bytes).`);
      }
      const json = parseRouteJson(body, deps.ingressCheck(route), limits.json);
      return route.dialect === undefined ? json : route.dialect.toOpenAi(json);
    },
    lease(route, terminal) {
      const holder = deps.generations();
      if (holder === undefined) throw new GatewayError('GW_ERR_INTERNAL', 'The pipelines are not built yet.');
      const generation = holder.current;
      const pipeline = generation.pipelines.get(route.path);
      if (pipeline === undefined) throw new GatewayError('GW_ERR_INTERNAL', 'No pipeline for this route.');
      const replaced = pipeline.withTerminal(terminal);
      return { stageNames: replaced.stageNames, configVersion: generation.version, run: replaced.run, end: (x, end) => replaced.end(x, end), release: generation.lease() };
    },
  };
}
