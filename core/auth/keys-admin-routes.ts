import { randomBytes } from 'node:crypto';
import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayContext } from '../http/gateway-context.js';
import type { RouteRegistrar } from '../http/gateway-router.js';
import { readAdminBody } from '../http/read-admin-body.js';
import type { SchemaValidators } from '../schema/schema-validators.js';
import { digestKey, generateKeySecret } from './key-digest.js';
import { viewOf, type KeyRecord } from './key-record.js';
import type { KeyStore } from './key-store.js';
import { assertSelfServicePatch, assertWithinGrant, type GrantFields } from './grant-rules.js';
import type { KeyLimits, Principal, Role } from './principal.js';

const CREATE_SCHEMA = 'https://switchyard.dev/schemas/admin/key-create.schema.json';
const UPDATE_SCHEMA = 'https://switchyard.dev/schemas/admin/key-update.schema.json';

interface KeyFields extends GrantFields {
  readonly id?: string;
  readonly name?: string;
  readonly role?: Role;
  readonly expires_at?: string | null;
  readonly enabled?: boolean;
  readonly metadata?: Readonly<Record<string, string | number | boolean>>;
  readonly limits?: KeyLimits | null;
}

/**
 * Keys admin API (control plane): create (the secret is in that one response), list, get, update,
 * revoke. Config keys are listed but only the config changes them. `/v1/keys/self` lets any key
 * read itself and rename or re-tag itself; scope changes stay with admins.
 */
export function registerKeyRoutes(routes: RouteRegistrar, keys: KeyStore, validators: SchemaValidators): void {
  const readBody = (ctx: GatewayContext, schemaId: string): Promise<KeyFields> => readAdminBody<KeyFields>(ctx, validators, schemaId);
  const principalOf = (ctx: GatewayContext): Principal => {
    const principal = ctx.observation.principal;
    if (principal === undefined) throw new GatewayError('GW_ERR_INTERNAL', 'No principal on a guarded route.');
    return principal;
  };
  const existing = (ctx: GatewayContext): KeyRecord => {
    const record = keys.get(ctx.params?.['id'] ?? '');
    if (record === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', 'No such key.');
    return record;
  };
  const update = async (ctx: GatewayContext, record: KeyRecord, patch: KeyFields): Promise<void> => {
    if (record.source === 'config') throw new GatewayError('GW_ERR_ADMIN_CONFLICT', `Key "${record.id}" is defined in config; change it there.`);
    const next = applyPatch(record, patch);
    await keys.put(next);
    ctx.body = viewOf(next);
  };

  routes.add({ method: 'POST', path: '/keys', group: 'control' }, async (ctx) => {
    const fields = await readBody(ctx, CREATE_SCHEMA);
    assertWithinGrant(principalOf(ctx), fields, true);
    const id = fields.id ?? `key-${randomBytes(6).toString('hex')}`;
    if (keys.get(id) !== undefined) throw new GatewayError('GW_ERR_ADMIN_CONFLICT', `A key with id "${id}" already exists.`);
    const secret = generateKeySecret();
    const record = applyPatch(
      {
        id,
        name: id,
        role: 'user',
        digest: digestKey(secret).toString('hex'),
        source: 'api',
        controlPlane: false,
        enabled: true,
        metadata: {},
        created_at: new Date().toISOString(),
      },
      fields,
    );
    await keys.put(record);
    ctx.status = 201;
    ctx.set('cache-control', 'no-store');
    ctx.body = { ...viewOf(record), key: secret };
  });

  routes.add({ method: 'GET', path: '/keys', group: 'control' }, (ctx) => {
    ctx.body = { object: 'list', data: keys.list().map(viewOf) };
  });

  routes.add({ method: 'GET', path: '/keys/:id', group: 'control' }, (ctx) => {
    ctx.body = viewOf(existing(ctx));
  });

  routes.add({ method: 'PATCH', path: '/keys/:id', group: 'control' }, async (ctx) => {
    const record = existing(ctx);
    const patch = await readBody(ctx, UPDATE_SCHEMA);
    assertWithinGrant(principalOf(ctx), patch, false);
    await update(ctx, record, patch);
  });

  routes.add({ method: 'DELETE', path: '/keys/:id', group: 'control' }, async (ctx) => {
    const record = existing(ctx);
    if (record.source === 'config') throw new GatewayError('GW_ERR_ADMIN_CONFLICT', `Key "${record.id}" is defined in config; remove it there.`);
    await keys.remove(record.id);
    ctx.body = { id: record.id, deleted: true };
  });

  const ownKey = (ctx: GatewayContext): KeyRecord => {
    const principal = principalOf(ctx);
    const record = principal.kind === 'api_key' ? keys.get(principal.id) : undefined;
    if (record === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', 'These credentials are not an API key.');
    return record;
  };

  routes.add({ method: 'GET', path: '/v1/keys/self', group: 'protected' }, (ctx) => {
    ctx.body = viewOf(ownKey(ctx));
  });

  routes.add({ method: 'PATCH', path: '/v1/keys/self', group: 'protected' }, async (ctx) => {
    const record = ownKey(ctx);
    const patch = await readBody(ctx, UPDATE_SCHEMA);
    const caller = principalOf(ctx);
    assertSelfServicePatch(caller, patch);
    assertWithinGrant(caller, patch, false);
    await update(ctx, record, patch);
  });
}

/** Fields given replace the record's; `null` clears an optional field. */
function applyPatch(record: KeyRecord, patch: KeyFields): KeyRecord {
  const next: Record<string, unknown> = { ...record };
  for (const [field, value] of Object.entries(patch)) {
    if (field === 'id') continue;
    if (value === null) delete next[field];
    else next[field] = value;
  }
  return next as unknown as KeyRecord;
}
