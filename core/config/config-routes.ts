import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayContext } from '../http/gateway-context.js';
import type { RouteRegistrar } from '../http/gateway-router.js';
import { readAdminBody } from '../http/read-admin-body.js';
import type { SchemaValidators } from '../schema/schema-validators.js';
import { describe as describeFailure, type ConfigReloader, type ReloadOutcome } from './config-reloader.js';

const UPDATE_SCHEMA = 'https://switchyard.dev/schemas/admin/config-update.schema.json';
const ROUTER_RELOAD_SCHEMA = 'https://switchyard.dev/schemas/admin/router-reload.schema.json';

/**
 * The control plane of hot configuration (seed 003's and seed 004's routes): reload, router reload,
 * sync status, and the admin overlay. Every change validates the whole config first; a refused one
 * answers 400 with every error and changes nothing.
 */
export function registerConfigRoutes(routes: RouteRegistrar, reloader: ConfigReloader, validators: SchemaValidators): void {
  const refused = (err: unknown): GatewayError =>
    new GatewayError('GW_ERR_CONFIG_REFUSED', `The new config was refused and nothing changed: ${describeFailure(err).join('; ').slice(0, 4000)}`);
  const answer = (ctx: GatewayContext, outcome: ReloadOutcome): void => {
    ctx.body = { status: outcome.restartRequired.length > 0 ? 'partial' : 'success', config_version: outcome.version, restart_required: outcome.restartRequired };
  };

  routes.add({ method: 'POST', path: '/config/reload', group: 'control' }, async (ctx) => {
    if (!reloader.hasSource) throw new GatewayError('GW_ERR_ADMIN_CONFLICT', 'This gateway was not started from a config file or launch flags; there is nothing to re-read.');
    answer(ctx, await reloader.reloadFromSources('POST /config/reload').catch((err: unknown) => Promise.reject(refused(err))));
  });

  routes.add({ method: 'POST', path: '/router/reload', group: 'control' }, async (ctx) => {
    const body = await readAdminBody<{ readonly strategy: string | null; readonly force_sync: boolean }>(ctx, validators, ROUTER_RELOAD_SCHEMA);
    const errors: string[] = [];
    if (body.force_sync) {
      const synced = await reloader.syncNow();
      if (synced.error !== undefined) errors.push(synced.error);
    }
    try {
      const outcome = reloader.hasSource ? await reloader.reloadFromSources('POST /router/reload') : undefined;
      // The whole config reloads at once: routing strategies with everything else.
      const reloaded = [body.strategy ?? 'all'];
      const partial = errors.length > 0 || (outcome?.restartRequired.length ?? 0) > 0;
      ctx.body = { status: partial ? 'partial' : 'success', reloaded, errors: [...errors, ...(outcome?.restartRequired.map((s) => `${s} changed but needs a restart`) ?? [])], config_version: outcome?.version ?? null };
    } catch (err) {
      ctx.status = 400;
      ctx.body = { status: 'failed', reloaded: [], errors: [...errors, ...describeFailure(err)] };
    }
  });

  routes.add({ method: 'GET', path: '/config/sync/status', group: 'control' }, (ctx) => {
    ctx.body = reloader.syncStatus();
  });

  routes.add({ method: 'GET', path: '/admin/config/update', group: 'control' }, (ctx) => {
    ctx.body = { overlay: reloader.overlay };
  });

  routes.add({ method: 'POST', path: '/admin/config/update', group: 'control' }, async (ctx) => {
    const partial = await readAdminBody<Readonly<Record<string, unknown>>>(ctx, validators, UPDATE_SCHEMA);
    answer(ctx, await reloader.updateOverlay(partial).catch((err: unknown) => Promise.reject(refused(err))));
  });

  routes.add({ method: 'DELETE', path: '/admin/config/update', group: 'control' }, async (ctx) => {
    answer(ctx, await reloader.clearOverlay().catch((err: unknown) => Promise.reject(refused(err))));
  });
}
