import { GatewayError } from '../../core/errors/gateway-error.js';
import type { PluginRoute } from '../../core/plugin-contract.js';

export const RATE_LIMIT_SCHEMA = 'https://switchyard.dev/schemas/admin/ha-rate-limit.schema.json';

/**
 * What `/ha/rate-limit` reaches of the plugin that owns rate limits (wired in builtin-plugins.ts):
 * its shared settings and its counters. Unbound: no such plugin, and the routes say so.
 */
export interface RateLimitAccess {
  readonly bound: boolean;
  settings(): { readonly shared: boolean; readonly settings: unknown };
  /** False when the store refuses the document (it checks it against the same schema). */
  replace(next: unknown): Promise<boolean>;
  stats(): Promise<Readonly<Record<string, unknown>>>;
}

export const NO_RATE_LIMITS: RateLimitAccess = {
  bound: false,
  settings: () => ({ shared: false, settings: null }),
  replace: () => Promise.resolve(false),
  stats: () => Promise.resolve({}),
};

/**
 * `GET/POST /ha/rate-limit` (shared settings every replica's rate-limit stage reads: a multiplier
 * and per-subject overrides; replicated like a registry) and `GET /ha/rate-limit/stats` (each
 * limit's current window and refusals; the whole cluster's when the counters are on Redis).
 */
export function haRateLimitRoutes(limits: RateLimitAccess): PluginRoute[] {
  const requireBound = (): void => {
    if (!limits.bound) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', 'This gateway runs without the limits plugin, so there are no rate limits to read or set.');
  };
  return [
    {
      method: 'GET',
      path: '/ha/rate-limit',
      group: 'control',
      handle() {
        requireBound();
        return { body: limits.settings() };
      },
    },
    {
      method: 'POST',
      path: '/ha/rate-limit',
      group: 'control',
      bodySchemaId: RATE_LIMIT_SCHEMA,
      async handle(request) {
        requireBound();
        if (!(await limits.replace(request.body))) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body: it does not match schemas/admin/ha-rate-limit.schema.json (multiplier, overrides).');
        return { body: limits.settings() };
      },
    },
    {
      method: 'GET',
      path: '/ha/rate-limit/stats',
      group: 'control',
      async handle() {
        requireBound();
        return { body: await limits.stats() };
      },
    },
  ];
}
