import { GatewayError } from '../errors/gateway-error.js';
import type { SchemaValidators } from '../schema/schema-validators.js';
import type { GatewayContext } from './gateway-context.js';
import { checkJsonShape } from './check-json-shape.js';
import { JSON_CONTENT_TYPE, parseJsonBody, readRawBody } from './read-json-body.js';

const ADMIN_BODY_LIMIT = 1024 * 1024;
/** No admin body is deep; a shallow bound keeps every walk over it (pollution check, schema) safe. */
const ADMIN_JSON_SHAPE = { maxDepth: 32, maxContainers: 20_000 };
const POLLUTION_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A control-plane body: JSON within 1 MiB, no prototype-pollution key at any depth, past the
 * route's screen (if any), valid against its schema with every error reported at once.
 */
export async function readAdminBody<T>(ctx: GatewayContext, validators: SchemaValidators, schemaId: string, screen?: (body: unknown) => void): Promise<T> {
  const raw = await readRawBody(ctx.req, ADMIN_BODY_LIMIT, JSON_CONTENT_TYPE, 'JSON (Content-Type: application/json)');
  try {
    checkJsonShape(raw, ADMIN_JSON_SHAPE, 'Body');
  } catch (err) {
    throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', `Invalid body: ${(err as Error).message}`);
  }
  const body = parseJsonBody(raw);
  const polluted = findPollutionKey(body, '');
  if (polluted !== undefined) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', `Invalid body: ${polluted} is not allowed.`);
  screen?.(body);
  const issues = validators.validateConfig(schemaId, body);
  if (issues.length > 0) {
    throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', `Invalid body: ${issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`.slice(0, 2000));
  }
  // Validated (defaults filled): the schema's guard narrows it to its type without a cast.
  if (!validators.guard<T>(schemaId)(body)) throw new GatewayError('GW_ERR_ADMIN_INVALID_BODY', 'Invalid body.');
  return body;
}

function findPollutionKey(value: unknown, path: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (POLLUTION_KEYS.has(key)) return `${path}/${key}`;
    const found = findPollutionKey(child, `${path}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
