import type { Next } from 'koa';
import type { Logger } from 'pino';
import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayContext } from '../http/gateway-context.js';
import type { Plane } from './authenticator.js';
import type { Principal } from './principal.js';

/** What a guard asks of authentication (the app swaps the authenticator behind it on reload). */
export interface Authentication {
  authenticate(credential: string, plane: Plane): Promise<Principal | undefined>;
  /** `auth.anonymous`: callers without a recognised credential are served as ANONYMOUS. */
  readonly anonymous: boolean;
}
import { ANONYMOUS } from './principal.js';

/** Every route belongs to exactly one group, declared where it is registered. */
export type RouteGroup = 'public' | 'protected' | 'control';

export interface GuardOptions {
  readonly group: RouteGroup;
  readonly path: string;
  /** Anthropic clients send `x-api-key` instead of a bearer token. */
  readonly acceptsXApiKey?: boolean;
  /** A key may always call this route about itself, whatever its `endpoints` scope. */
  readonly selfService?: boolean;
}

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

/**
 * How to get in, per plane: the same text whatever was wrong with the credential, and whatever the
 * gateway holds, so it tells nobody which keys exist.
 */
const HOW_TO_AUTHENTICATE: Readonly<Record<Plane, string>> = {
  data: 'Send Authorization: Bearer <key> with a data-plane key (auth.api_keys or --api-key in the config, or one an admin created with POST /keys).',
  control:
    'The control plane takes an admin key: start the gateway with --control-plane-api-keys id:name:admin:<key> (or auth.control_plane_api_keys in the config) and send Authorization: Bearer <key>.',
};

export function unauthenticated(plane: Plane = 'data'): GatewayError {
  // One fixed answer per plane for missing, malformed, unknown, disabled and expired credentials.
  return new GatewayError('GW_ERR_AUTH_UNAUTHENTICATED', `Missing or invalid credentials. ${HOW_TO_AUTHENTICATE[plane]}`, {
    headers: { 'www-authenticate': 'Bearer' },
  });
}

export function forbidden(what: string): GatewayError {
  return new GatewayError('GW_ERR_AUTH_FORBIDDEN', what);
}

function credentialOf(ctx: GatewayContext, acceptsXApiKey: boolean): string | undefined {
  return credentialIn((name) => ctx.get(name), acceptsXApiKey);
}

/** The credential a request carries, read with `header` (a name → value, '' when absent). */
export function credentialIn(header: (name: string) => string, acceptsXApiKey: boolean): string | undefined {
  const authorization = header('authorization');
  if (authorization !== '') return BEARER.exec(authorization)?.[1];
  if (acceptsXApiKey) {
    const key = header('x-api-key');
    return key === '' ? undefined : key;
  }
  return undefined;
}

/**
 * Who may call a protected route with this credential, or why not (a GatewayError): the guard of
 * every pipeline-backed route, and of requests that reach a route's pipeline other than over the
 * gateway's HTTP (Envoy's ExtProc).
 */
export async function authorizeProtected(
  credential: string | undefined,
  authenticator: Authentication,
  path: string,
  options: { readonly selfService?: boolean; readonly onIdentified?: (principal: Principal) => void } = {},
): Promise<Principal> {
  const known = credential === undefined ? undefined : await authenticator.authenticate(credential, 'data');
  // In anonymous mode a key that is not ours is ignored rather than refused: SDKs always send
  // one (often a placeholder). A key that is ours still counts, with its own limits.
  const principal = known ?? (authenticator.anonymous ? ANONYMOUS : undefined);
  if (principal === undefined) throw unauthenticated();
  // Before the role checks: the request log names who was refused.
  options.onIdentified?.(principal);
  if (principal.role === 'read-only') throw forbidden('Read-only credentials cannot call inference endpoints.');
  if (principal.endpoints !== undefined && !principal.endpoints.has(path) && options.selfService !== true) throw forbidden(`These credentials may not call ${path}.`);
  return principal;
}

/** The guard a route of this group runs before its handler; sets ctx.observation.principal. */
export function createRouteGuard(options: GuardOptions, authenticator: Authentication, audit: Logger) {
  const { group, path } = options;
  const acceptsXApiKey = options.acceptsXApiKey === true;

  if (group === 'public') {
    return function publicRoute(_ctx: GatewayContext, next: Next): Promise<void> {
      return next();
    };
  }

  if (group === 'protected') {
    return async function protectedRoute(ctx: GatewayContext, next: Next): Promise<void> {
      await authorizeProtected(credentialOf(ctx, acceptsXApiKey), authenticator, path, {
        ...(options.selfService === true ? { selfService: true } : {}),
        onIdentified: (principal) => (ctx.observation.principal = principal),
      });
      await next();
    };
  }

  return async function controlPlaneRoute(ctx: GatewayContext, next: Next): Promise<void> {
    ctx.res.once('close', () => {
      const principal = ctx.observation.principal;
      audit.info(
        {
          audit: 'control_plane',
          principal: principal?.id ?? null,
          auth_method: principal?.kind ?? 'none',
          role: principal?.role ?? null,
          method: ctx.method,
          path: ctx.path.slice(0, 200),
          resource: typeof ctx.params?.['id'] === 'string' ? ctx.params['id'].slice(0, 128) : null,
          outcome: ctx.status,
          request_id: ctx.observation.requestId,
        },
        'control-plane call',
      );
    });
    const credential = credentialOf(ctx, acceptsXApiKey);
    const principal = credential === undefined ? undefined : await authenticator.authenticate(credential, 'control');
    if (principal === undefined) throw unauthenticated('control');
    ctx.observation.principal = principal;
    const reading = ctx.method === 'GET' || ctx.method === 'HEAD';
    if (principal.role === 'user' || (principal.role === 'read-only' && !reading)) {
      throw forbidden(`Role ${principal.role} may not ${reading ? 'read' : 'change'} the control plane.`);
    }
    if (principal.endpoints !== undefined && !principal.endpoints.has(path)) throw forbidden(`These credentials may not call ${path}.`);
    await next();
  };
}
