import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayContext } from '../http/gateway-context.js';
import type { RouteRegistrar } from '../http/gateway-router.js';
import { readAdminBody } from '../http/read-admin-body.js';
import type { SchemaValidators } from '../schema/schema-validators.js';
import { digestKey, generateKeySecret } from './key-digest.js';
import { viewOf, type KeyRecord } from './key-record.js';
import type { KeyStore } from './key-store.js';
import { assertSelfServicePatch, assertWithinGrant, type ScopeFields } from './grant-rules.js';
import type { AnyGrantDefinition } from './grants.js';
import type { Principal, Role } from './principal.js';
import { randomBytes } from 'node:crypto';

/** A /keys body after schema validation: the key's own fields; grant fields ride along by name. */
interface KeyFields extends ScopeFields {
  readonly id?: string;
  readonly name?: string;
  readonly role?: Role;
  readonly expires_at?: string | null;
  readonly enabled?: boolean;
  readonly metadata?: Readonly<Record<string, string | number | boolean>>;
}

export interface KeyRoutesOptions {
  /** `$id`s of the key-admin schemas with every plugin's grant fields composed in. */
  readonly createSchemaId: string;
  readonly updateSchemaId: string;
  readonly grants: readonly AnyGrantDefinition[];
  /** What plugins add to a key's view of itself (its spend …), read on each `GET /v1/keys/self`. */
  readonly selfSections?: readonly ((principal: Principal) => Promise<Readonly<Record<string, unknown>>>)[];
}

/**
 * Keys admin API (control plane): create (the secret is in that one response), list, get, update,
 * revoke. Config keys are listed but only the config changes them. `/v1/keys/self` lets any key
 * read itself and rename or re-tag itself; scope changes stay with admins.
 */
export function registerKeyRoutes(routes: RouteRegistrar, keys: KeyStore, validators: SchemaValidators, options: KeyRoutesOptions): void {
  const grantFields = options.grants.map((g) => g.field);
  const readBody = async (ctx: GatewayContext, schemaId: string): Promise<{ fields: KeyFields; grants: Record<string, unknown> }> => {
    const body = await readAdminBody<KeyFields>(ctx, validators, schemaId);
    return { fields: body, grants: grantValuesOf(body, grantFields) };
  };
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
  const update = async (ctx: GatewayContext, record: KeyRecord, fields: KeyFields, grants: Record<string, unknown>): Promise<void> => {
    if (record.source === 'config') throw new GatewayError('GW_ERR_ADMIN_CONFLICT', `Key "${record.id}" is defined in config; change it there.`);
    const next = applyPatch(record, fields, grants);
    await keys.put(next);
    ctx.body = viewOf(next);
  };

  routes.add({ method: 'POST', path: '/keys', group: 'control' }, async (ctx) => {
    const { fields, grants } = await readBody(ctx, options.createSchemaId);
    assertWithinGrant(principalOf(ctx), fields, grants, options.grants, true);
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
        grants: {},
        created_at: new Date().toISOString(),
      },
      fields,
      grants,
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
    const { fields, grants } = await readBody(ctx, options.updateSchemaId);
    assertWithinGrant(principalOf(ctx), fields, grants, options.grants, false);
    await update(ctx, record, fields, grants);
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

  // Any key may read itself: a key scoped to /v1/chat/completions can still see its own limits.
  routes.add({ method: 'GET', path: '/v1/keys/self', group: 'protected', selfService: true }, async (ctx) => {
    const view: Record<string, unknown> = { ...viewOf(ownKey(ctx)) };
    const principal = principalOf(ctx);
    for (const section of options.selfSections ?? []) Object.assign(view, await section(principal));
    ctx.body = view;
  });

  routes.add({ method: 'PATCH', path: '/v1/keys/self', group: 'protected' }, async (ctx) => {
    const record = ownKey(ctx);
    const { fields, grants } = await readBody(ctx, options.updateSchemaId);
    const caller = principalOf(ctx);
    assertSelfServicePatch(caller, fields, grantFields);
    assertWithinGrant(caller, fields, grants, options.grants, false);
    await update(ctx, record, fields, grants);
  });
}

function grantValuesOf(body: object, fields: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) if (Object.hasOwn(body, field)) values[field] = Reflect.get(body, field);
  return values;
}

/** Fields given replace the record's; `null` clears an optional field (or a grant). */
function applyPatch(record: KeyRecord, fields: KeyFields, grantValues: Readonly<Record<string, unknown>>): KeyRecord {
  const models = Object.hasOwn(fields, 'models') ? fields.models : record.models;
  const endpoints = Object.hasOwn(fields, 'endpoints') ? fields.endpoints : record.endpoints;
  const expiresAt = Object.hasOwn(fields, 'expires_at') ? fields.expires_at : record.expires_at;
  const grants: Record<string, unknown> = { ...record.grants };
  for (const [field, value] of Object.entries(grantValues)) {
    if (value === null) delete grants[field];
    else grants[field] = value;
  }
  return {
    id: record.id,
    name: fields.name ?? record.name,
    role: fields.role ?? record.role,
    digest: record.digest,
    source: record.source,
    controlPlane: record.controlPlane,
    ...(models === null || models === undefined ? {} : { models }),
    ...(endpoints === null || endpoints === undefined ? {} : { endpoints }),
    ...(expiresAt === null || expiresAt === undefined ? {} : { expires_at: expiresAt }),
    enabled: fields.enabled ?? record.enabled,
    metadata: fields.metadata ?? record.metadata,
    grants,
    created_at: record.created_at,
  };
}
