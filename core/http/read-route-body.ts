import { GatewayError } from '../errors/gateway-error.js';
import type { JsonObject, RawRequest } from '../pipeline/exchange.js';
import type { IngressCheck } from '../schema/schema-validators.js';
import type { DataPlaneRoute } from './data-plane-routes.js';
import type { GatewayContext } from './gateway-context.js';
import { checkJsonShape, type JsonShapeLimits } from './check-json-shape.js';
import { JSON_CONTENT_TYPE, parseJsonBody, readRawBody } from './read-json-body.js';

const MULTIPART = /^multipart\/form-data\s*;/i;
const BODYLESS = new Set(['GET', 'HEAD', 'DELETE']);

/** What one route accepts: bytes, and the shape of a JSON body. */
export interface BodyLimits {
  readonly maxBytes: number;
  readonly json: JsonShapeLimits;
}

export interface RouteBody {
  /** The (OpenAI-format) JSON the pipeline sees; `{}` or just `{model}` for non-JSON passthrough. */
  readonly body: JsonObject;
  readonly raw?: RawRequest;
}

/** Reads and checks a request body the way its route says, within the body limit. */
export async function readRouteBody(ctx: GatewayContext, route: DataPlaneRoute, checkBody: IngressCheck | undefined, limits: BodyLimits): Promise<RouteBody> {
  const passthrough = route.passthrough;
  const limitBytes = limits.maxBytes;
  if (passthrough === undefined || passthrough.body === 'json') {
    const buffer = await readRawBody(ctx.req, limitBytes, JSON_CONTENT_TYPE, 'JSON (Content-Type: application/json)');
    const body = parseRouteJson(buffer, checkBody, limits.json);
    if (passthrough === undefined) return { body: route.dialect === undefined ? body : route.dialect.toOpenAi(body) };
    return { body, raw: rawRequest(ctx, route, buffer) };
  }
  if (passthrough.body === 'multipart') {
    const buffer = await readRawBody(ctx.req, limitBytes, MULTIPART, 'multipart/form-data');
    const model = multipartField(buffer, 'model');
    return { body: model === undefined ? {} : { model }, raw: rawRequest(ctx, route, buffer) };
  }
  const hasBody = !BODYLESS.has(ctx.method) || ctx.get('content-length') !== '' || ctx.get('transfer-encoding') !== '';
  const buffer = hasBody ? await readRawBody(ctx.req, limitBytes, undefined) : undefined;
  return { body: {}, raw: rawRequest(ctx, route, buffer) };
}

/**
 * A JSON body's bytes as ingress checks them: shape limits, then parse, then the route's request
 * schema (the first problem, as GW_ERR_REQUEST_*). Also for bodies that arrive other than over
 * HTTP (Envoy's ExtProc), so both check the same way.
 */
export function parseRouteJson(buffer: Buffer, checkBody: IngressCheck | undefined, limits: JsonShapeLimits): JsonObject {
  checkJsonShape(buffer, limits);
  const parsed = parseJsonBody(buffer);
  const issue = checkBody?.(parsed);
  if (issue !== undefined) {
    const param = issue.path.replace(/^\//, '').replaceAll('/', '.') || null;
    throw new GatewayError('GW_ERR_REQUEST_INVALID_BODY', `Invalid request body: ${param ?? 'body'} ${issue.message}.`, { param });
  }
  return parsed as JsonObject;
}

function rawRequest(ctx: GatewayContext, route: DataPlaneRoute, body: Buffer | undefined): RawRequest {
  const cut = route.passthrough?.pathParam;
  const path = cut === undefined ? ctx.path : forwardedRest(ctx.path, route.path, cut);
  return {
    method: ctx.method,
    path: ctx.querystring === '' ? path : `${path}?${ctx.querystring}`,
    contentType: ctx.get('content-type') || undefined,
    accept: ctx.get('accept') || undefined,
    body: body === undefined || body.length === 0 ? undefined : body,
    target: route.passthrough?.target ?? 'model',
    params: { ...(ctx.params ?? {}) },
  };
}

/**
 * The raw (undecoded) path after the route's segment `:param`: cut by position, whatever that
 * segment's encoding (its decoded value comes from the router); a %2F stays a %2F.
 */
function forwardedRest(path: string, template: string, param: string): string {
  const index = template.split('/').indexOf(`:${param}`);
  const segments = path.split('/');
  return confinedPath(index === -1 || segments.length <= index + 1 ? '/' : `/${segments.slice(index + 1).join('/')}`);
}

/**
 * The rest of a /proxy/{provider}/… path must stay under the provider's base path: no `.` or `..`
 * segment in any spelling (`%2e%2e` is one to a URL parser), no backslash (a `/` to one).
 */
function confinedPath(rest: string): string {
  if (!rest.startsWith('/')) return '/';
  for (const segment of rest.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new GatewayError('GW_ERR_REQUEST_PATH_INVALID', 'The path is not validly percent-encoded.');
    }
    if (decoded === '.' || decoded === '..' || decoded.includes('\\')) {
      throw new GatewayError('GW_ERR_REQUEST_PATH_INVALID', 'The path may not contain "." or ".." segments or backslashes: it must stay under the provider\'s base path.');
    }
  }
  return rest;
}

/** A short text field of a multipart/form-data body (the routing `model`), if present. */
export function multipartField(body: Buffer, name: string): string | undefined {
  const head = body.subarray(0, 1024 * 1024).toString('latin1');
  const match = new RegExp(`content-disposition:\\s*form-data;\\s*name="${name}"[^\\r\\n]*\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n([^\\r\\n]{1,256})\\r\\n`, 'i').exec(head);
  return match?.[1];
}
